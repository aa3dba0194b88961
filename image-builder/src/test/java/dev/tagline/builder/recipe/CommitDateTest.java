package dev.tagline.builder.recipe;

import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CommitDateTest {
    private static final CommitSha SHA = CommitSha.parse("0123456789abcdef0123456789abcdef01234567");
    private static final Instant TIME = Instant.parse("2026-01-02T03:04:05Z");

    private static VariantPlan variant(Map<String, String> labels, Map<String, String> annotations) {
        return new VariantPlan("base", List.of(ImageRepository.parse("h:1/a/b")), List.of(ImageTag.parse("1.0.0")), labels, annotations,
                List.of(Platform.parse("linux/amd64")), new BuildRecipe(null, List.of(new Layer("app", "app", "/app", null, null)), null, null));
    }

    private static Map<String, String> created(String value) {
        Map<String, String> m = new HashMap<>();
        m.put("org.opencontainers.image.revision", SHA.value());
        if (value != null) {
            m.put(CommitDate.CREATED, value);
        }
        return m;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // label as the planner left it, its expected value
                Arguments.of("empty: the planner did not know the time", "", "2026-01-02T03:04:05.000Z"),
                Arguments.of("absent: the policy removed the label", null, null),
                Arguments.of("set: kept as planned", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCreatedLabelAndAnnotationTakeTheCommitTimeOnlyWhenLeftEmpty(String name, String planned, String expected) {
        VariantPlan v = CommitDate.of(variant(created(planned), created(planned)), TIME);
        assertEquals(expected, v.labels().get(CommitDate.CREATED), name);
        assertEquals(expected, v.annotations().get(CommitDate.CREATED), name);
        assertEquals(SHA.value(), v.labels().get("org.opencontainers.image.revision"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("times")
    void writtenAsThePlannerWritesIt(String instant, String written) {
        assertEquals(written, CommitDate.iso(Instant.parse(instant)));
    }

    static Stream<Arguments> times() {
        return Stream.of(
                Arguments.of("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000Z"),
                Arguments.of("2026-12-31T23:59:59.123456Z", "2026-12-31T23:59:59.123Z"),
                Arguments.of("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"));
    }

    @Test
    void aVariantWithNothingToFillIsReturnedAsItIs() {
        VariantPlan v = variant(created("2020-01-01T00:00:00.000Z"), Map.of());
        assertSame(v, CommitDate.of(v, TIME));
    }

    @Test
    void aPlanIsDatedOnlyWhenItHasNoTime() {
        TagPlan unknown = new TagPlan(1, "plan-1", "ref-1", RepositoryId.of("example.com/a/b"), "file:///x", GitRef.tag("v1.0.0"), SHA, null,
                "1.0.0", "stable", "policy-1", false, List.of(variant(created(""), Map.of())));
        assertEquals(TIME, CommitDate.of(unknown, TIME).commitTime());
        TagPlan known = CommitDate.of(unknown, TIME);
        assertSame(known, CommitDate.of(known, Instant.EPOCH));
    }
}
