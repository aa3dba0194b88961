package dev.tagline.builder.service;

import dev.tagline.builder.steps.TagDiff;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.PlatformImage;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResultAssemblerTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Digest D = Digest.of("image");
    private static final ImageRepository GHCR = ImageRepository.parse("ghcr.io/acme/app");
    private static final ImageRepository LOCAL = ImageRepository.parse("127.0.0.1:5000/acme/app");

    private static TagPlan aPlan() {
        return plan("event-1", "file:///repo", "0123456789abcdef0123456789abcdef01234567", T, false,
                variant("base", "ghcr.io/acme/app", List.of("1.0.0", "latest"), List.of("linux/amd64"),
                        recipe(null, List.of(layer("app", "app", "/app")), null, null), Map.of(), Map.of()));
    }

    @Test
    void succeededResultSplitsWrittenAndAlreadyPresentTagsPerRepository() {
        Map<ImageRepository, TagDiff> diffs = new LinkedHashMap<>();
        diffs.put(GHCR, TagDiff.of(List.of(ImageTag.parse("1.0.0"), ImageTag.parse("latest")), Map.of(ImageTag.parse("latest"), D), D));
        diffs.put(LOCAL, TagDiff.of(List.of(ImageTag.parse("1.0.0"), ImageTag.parse("latest")),
                Map.of(ImageTag.parse("latest"), D, ImageTag.parse("1.0.0"), D), D));
        BuildResult r = ResultAssembler.succeeded(aPlan(), "base", D, "application/vnd.oci.image.manifest.v1+json",
                List.of(new PlatformImage(Platform.parse("linux/amd64"), D)), diffs, 100, 50, new BuildTimings(1, 2, 3, 4, 10), T, T.plusSeconds(1));

        assertEquals(BuildStatus.SUCCEEDED, r.status());
        assertEquals(List.of(new PushedTags(GHCR, List.of(ImageTag.parse("1.0.0")))), r.tagsWritten());
        assertEquals(List.of(new PushedTags(GHCR, List.of(ImageTag.parse("latest"))),
                new PushedTags(LOCAL, List.of(ImageTag.parse("1.0.0"), ImageTag.parse("latest")))), r.tagsAlreadyPresent());
        assertEquals(BuildResult.idFor(aPlan().planId(), "base"), r.resultId());
        assertEquals(r, EventCodec.decode(EventCodec.encode(r), BuildResult.class), "valid on the wire");
    }

    @Test
    void failedResultCarriesTheErrorAndNoDigest() {
        BuildResult r = ResultAssembler.failed(aPlan(), "base", "base image 'x' not found", BuildTimings.NONE, T, T);
        assertEquals(BuildStatus.FAILED, r.status());
        assertEquals("base image 'x' not found", r.error());
        assertNull(r.digest());
        assertEquals(0, r.bytesUploaded());
    }

    @Test
    void aRedeliveredPlanGivesTheSameResultId() {
        assertEquals(ResultAssembler.failed(aPlan(), "base", "x", BuildTimings.NONE, T, T).resultId(),
                ResultAssembler.failed(aPlan(), "base", "y", BuildTimings.NONE, T.plusSeconds(60), T.plusSeconds(61)).resultId());
    }
}
