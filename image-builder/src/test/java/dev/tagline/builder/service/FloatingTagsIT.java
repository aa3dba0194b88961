package dev.tagline.builder.service;

import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static dev.tagline.builder.support.Plans.withVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Floating tags last: a plan writes its immutable tags (version, sha) as each variant is pushed, and moves
 * its floating tags (latest, latest-variant, major, minor) only once every variant and platform succeeded.
 */
class FloatingTagsIT extends LocalRegistryBuilds {
    private static final Instant T1 = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-06-02T10:00:00Z");
    private static final String NAME = "acme/floating";

    @Test
    void aPlanWithOnePlatformFailingMovesNoFloatingTag() throws Exception {
        String image = host + "/" + NAME;
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/run.sh", "#!/bin/sh\necho 1.0.0\n");
        files.put("dist/amd64/hello.txt", "amd64\n");
        files.put("dist/arm64/hello.txt", "arm64\n");
        String sha1 = repo.commitAt("1.0.0", files, T1);
        TagPlan v1 = withVersion(plan("e-1.0.0", repo.uri(), sha1, T1, false, base(image, "1.0.0", sha1), full(image, "1.0.0")), "1.0.0");
        List<BuildResult> first = build(v1);
        assertTrue(first.stream().allMatch(r -> r.status() == BuildStatus.SUCCEEDED), first::toString);
        Digest base1 = first.get(0).digest();
        Digest full1 = first.get(1).digest();
        assertEquals(Optional.of(base1), digestOf(NAME, "latest"));
        assertEquals(Optional.of(base1), digestOf(NAME, "1"));
        assertEquals(Optional.of(full1), digestOf(NAME, "latest-full"));
        // the floating tags are reported as written, after the immutable ones
        assertEquals(List.of(new PushedTags(image(NAME), tags("1.0.0", "sha-" + sha1.substring(0, 7), "1", "latest").stream()
                .map(ImageTag::parse).toList())), first.get(0).tagsWritten());

        // 1.1.0: the arm64 build of 'full' has no source, so that variant fails
        Map<String, String> change = new LinkedHashMap<>();
        change.put("app/run.sh", "#!/bin/sh\necho 1.1.0\n");
        change.put("dist/arm64/hello.txt", null);
        String sha2b = repo.commitAt("1.1.0", change, T2);
        TagPlan v2 = withVersion(plan("e-1.1.0", repo.uri(), sha2b, T2, false, base(image, "1.1.0", sha2b), full(image, "1.1.0")), "1.1.0");
        List<BuildResult> second = build(v2);
        assertEquals(BuildStatus.SUCCEEDED, second.get(0).status(), second.get(0).error());
        assertEquals(BuildStatus.FAILED, second.get(1).status());
        Digest base2 = second.get(0).digest();
        // the immutable tags of the variant that succeeded are there
        assertEquals(Optional.of(base2), digestOf(NAME, "1.1.0"));
        assertEquals(Optional.of(base2), digestOf(NAME, "sha-" + sha2b.substring(0, 7)));
        // no floating tag moved: not base's, not full's
        assertEquals(Optional.of(base1), digestOf(NAME, "latest"));
        assertEquals(Optional.of(base1), digestOf(NAME, "1"));
        assertEquals(Optional.empty(), digestOf(NAME, "1.1"));
        assertEquals(Optional.of(full1), digestOf(NAME, "latest-full"));
        assertTrue(second.get(0).tagsWritten().stream().flatMap(p -> p.tags().stream()).noneMatch(t -> t.value().equals("latest")));
    }

    private static VariantPlan base(String image, String version, String sha) {
        String minor = version.substring(0, version.lastIndexOf('.'));
        String major = version.substring(0, version.indexOf('.'));
        return variant("base", image, tags(version, "sha-" + sha.substring(0, 7), minor.equals("1.0") ? major : minor, "latest"),
                List.of("linux/amd64"), appRecipe(), Map.of(), Map.of());
    }

    private static VariantPlan full(String image, String version) {
        return variant("full", image, tags(version + "-full", "latest-full"), List.of("linux/amd64", "linux/arm64"),
                recipe(null, List.of(layer("app", "app", "/app"), layer("bin", "dist/{arch}", "/opt/")), null,
                        entrypoint("/app/run.sh")), Map.of(), Map.of());
    }

    private List<BuildResult> build(TagPlan plan) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            return new PlanBuilder(builder(tmp.resolve("cache")), pool).build(plan);
        } finally {
            pool.shutdownNow();
        }
    }
}
