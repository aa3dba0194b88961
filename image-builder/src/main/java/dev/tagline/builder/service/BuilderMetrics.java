package dev.tagline.builder.service;

import dev.tagline.builder.failure.RetryCause;
import dev.tagline.schema.event.BuildResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Prometheus meters of the builder: results by status, durations, bytes uploaded vs reused, tags, and
 * the retries (plans waiting on a retry, retries by cause, variants whose retry budget ran out), and the
 * result transactions by outcome.
 */
@Singleton
public class BuilderMetrics implements PlanRunner.Listener {
    private final MeterRegistry registry;
    private final Counter bytesUploaded;
    private final Counter bytesReused;
    private final Counter tagsWritten;
    private final Counter tagsPresent;
    private final Counter exhausted;

    public BuilderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytesUploaded = Counter.builder("tagline.builder.uploaded").baseUnit("bytes")
                .description("Blob bytes uploaded to registries").register(registry);
        this.bytesReused = Counter.builder("tagline.builder.reused").baseUnit("bytes")
                .description("Blob bytes already in the registry (not uploaded)").register(registry);
        this.tagsWritten = Counter.builder("tagline.builder.tags.written").description("Tags (re)pointed by a build").register(registry);
        this.tagsPresent = Counter.builder("tagline.builder.tags.present").description("Planned tags that already pointed at the digest").register(registry);
        this.exhausted = Counter.builder("tagline.builder.retry.exhausted")
                .description("Variants FAILED because a transient failure outlived the retry budget").register(registry);
        for (RetryCause cause : RetryCause.values()) {
            retries(cause);
        }
    }

    /** Registers the gauge of plans waiting on a retry. */
    void watch(PlanRunner runner) {
        Gauge.builder("tagline.builder.plans.waiting.retry", runner, PlanRunner::retryingCount)
                .description("Plans in a transient failure, waiting for (or running) their next retry").register(registry);
        Gauge.builder("tagline.builder.plans.in.flight", runner, r -> r.active().size())
                .description("Plans started and not yet built").register(registry);
    }

    private Counter retries(RetryCause cause) {
        return Counter.builder("tagline.builder.retries").tag("cause", cause.label())
                .description("Retries after a transient failure, by cause").register(registry);
    }

    @Override
    public void retrying(RetryCause cause) {
        retries(cause).increment();
    }

    @Override
    public void exhausted(BuildResult result) {
        exhausted.increment();
    }

    /** A Kafka transaction of results (or dead letters) and offsets, by outcome. */
    public void transaction(String outcome) {
        registry.counter("tagline.builder.transactions", "outcome", outcome).increment();
    }

    /** One step of a variant attempt ({@code resolve-base}, {@code fetch}, {@code build-local}, {@code sbom}, ...): its wall time. */
    public void step(String step, long millis) {
        Timer.builder("tagline.builder.step.duration").tag("step", step)
                .description("Wall time of one step of a variant build (steps that run at once overlap)").register(registry)
                .record(Duration.ofMillis(millis));
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
        if (result.promoted()) {
            registry.counter("tagline.builder.promotions").increment();
        }
    }
}
