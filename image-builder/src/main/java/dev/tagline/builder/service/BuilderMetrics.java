package dev.tagline.builder.service;

import dev.tagline.schema.event.BuildResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Prometheus meters of the builder: results by status, durations, bytes uploaded vs reused, tags. */
@Singleton
public class BuilderMetrics {
    private final MeterRegistry registry;
    private final Counter bytesUploaded;
    private final Counter bytesReused;
    private final Counter tagsWritten;
    private final Counter tagsPresent;

    public BuilderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytesUploaded = Counter.builder("tagline.builder.bytes.uploaded").baseUnit("bytes")
                .description("Blob bytes uploaded to registries").register(registry);
        this.bytesReused = Counter.builder("tagline.builder.bytes.reused").baseUnit("bytes")
                .description("Blob bytes already in the registry (not uploaded)").register(registry);
        this.tagsWritten = Counter.builder("tagline.builder.tags.written").description("Tags (re)pointed by a build").register(registry);
        this.tagsPresent = Counter.builder("tagline.builder.tags.present").description("Planned tags that already pointed at the digest").register(registry);
    }

    public void record(BuildResult result) {
        String status = result.status().name();
        registry.counter("tagline.builder.variants", "status", status).increment();
        Timer.builder("tagline.builder.variant.duration").tag("status", status)
                .description("Time to build and push one variant").register(registry)
                .record(Duration.ofMillis(result.timings().totalMillis()));
        bytesUploaded.increment(result.bytesUploaded());
        bytesReused.increment(result.bytesReused());
        tagsWritten.increment(result.tagsWritten().stream().mapToInt(t -> t.tags().size()).sum());
        tagsPresent.increment(result.tagsAlreadyPresent().stream().mapToInt(t -> t.tags().size()).sum());
    }
}
