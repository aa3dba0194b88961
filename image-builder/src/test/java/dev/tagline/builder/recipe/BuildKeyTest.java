package dev.tagline.builder.recipe;

import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class BuildKeyTest {
    private static final CommitSha SHA = CommitSha.parse("0123456789abcdef0123456789abcdef01234567");
    private static final Instant TIME = Instant.parse("2026-01-02T03:04:05Z");

    private static VariantPlan variant(List<String> tags, String image, List<String> platforms, Map<String, String> labels) {
        return new VariantPlan("base", List.of(ImageRepository.parse(image)), tags.stream().map(ImageTag::parse).toList(), labels, Map.of(),
                platforms.stream().map(Platform::parse).toList(),
                new BuildRecipe(null, List.of(new Layer("app", "app", "/app", null, null)), null, null));
    }

    @Test
    void tagsAndTargetRepositoryDoNotChangeTheKey() {
        String a = BuildKey.of(SHA, TIME, variant(List.of("sha-0123456"), "h:1/a/b", List.of("linux/amd64"), Map.of("x", "1")), "scratch", "1");
        String b = BuildKey.of(SHA, TIME, variant(List.of("1.0.0", "latest"), "h:1/other/c", List.of("linux/amd64"), Map.of("x", "1")), "scratch", "1");
        assertEquals(a, b);
    }

    @Test
    void labelsPlatformOrderBaseAndToolVersionDo() {
        VariantPlan v = variant(List.of("1"), "h:1/a/b", List.of("linux/amd64", "linux/arm64"), Map.of("x", "1"));
        String key = BuildKey.of(SHA, TIME, v, "scratch", "1");
        assertNotEquals(key, BuildKey.of(SHA, TIME, variant(List.of("1"), "h:1/a/b", List.of("linux/amd64", "linux/arm64"), Map.of("x", "2")), "scratch", "1"));
        assertNotEquals(key, BuildKey.of(SHA, TIME, variant(List.of("1"), "h:1/a/b", List.of("linux/arm64", "linux/amd64"), Map.of("x", "1")), "scratch", "1"));
        assertNotEquals(key, BuildKey.of(SHA, TIME, v, "sha256:" + "0".repeat(64), "1"));
        assertNotEquals(key, BuildKey.of(SHA, TIME, v, "scratch", "2"));
        assertNotEquals(key, BuildKey.of(SHA, TIME.plusSeconds(1), v, "scratch", "1"));
    }

    /**
     * The key is a label of the image, so its input text is part of the image digest: pinned here
     * (platforms as their text form, the recipe as its wire JSON, the same bytes as before the move
     * of values to records and of the codec to Jackson).
     */
    @Test
    void theKeyInputIsPinnedSoTheSameCommitKeepsItsDigest() {
        VariantPlan v = variant(List.of("1"), "h:1/a/b", List.of("linux/amd64", "linux/arm64/v8"), Map.of("x", "1"));
        String input = "format=1\ncommit=0123456789abcdef0123456789abcdef01234567\ncommitTime=2026-01-02T03:04:05Z\nbase=scratch\n"
                + "tool=1\nplatforms=[linux/amd64, linux/arm64/v8]\nlabels={x=1}\nannotations={}\n"
                + "recipe={\"baseImage\":null,\"layers\":[{\"name\":\"app\",\"source\":\"app\",\"target\":\"/app\",\"excludes\":[],"
                + "\"fileMode\":null}],\"buildCommand\":null,\"container\":{\"entrypoint\":[],\"cmd\":[],\"env\":{},\"workingDir\":null,"
                + "\"user\":null,\"exposedPorts\":[],\"volumes\":[]}}\n";
        assertEquals(Digest.of(input).value(), BuildKey.of(SHA, TIME, v, "scratch", "1"));
    }
}
