package dev.tagline.builder.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.RepositoryId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuilderMetricsTest {

    private static BuildResult result(boolean promoted) {
        Instant t = Instant.parse("2026-03-04T05:06:07Z");
        return new BuildResult(1, "build-1", "plan-1", "ref-1", RepositoryId.of("example.com/acme/app"),
                CommitSha.parse("0123456789abcdef0123456789abcdef01234567"), "base", BuildStatus.SUCCEEDED, Digest.of("image"), null,
                List.of(), List.of(), List.of(), 0, 10, null, null, t, t).with(promoted, List.of());
    }

    @Test
    void promotionsAreCountedApartFromBuilds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BuilderMetrics metrics = new BuilderMetrics(registry);
        metrics.record(result(false));
        metrics.record(result(true));
        metrics.record(result(true));
        assertEquals(2.0, registry.counter("tagline.builder.promotions").count());
        assertEquals(3.0, registry.counter("tagline.builder.variants", "status", "SUCCEEDED").count());
    }
}
