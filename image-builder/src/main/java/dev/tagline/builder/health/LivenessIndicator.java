package dev.tagline.builder.health;

import dev.tagline.builder.service.PlanConsumer;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Liveness ({@code /health/liveness}): UP while the plan consumer's loop is alive and turning. An
 * unreachable broker or registry is not a reason to restart the process (readiness says that).
 */
@Singleton
@Liveness
public class LivenessIndicator implements HealthIndicator {
    /** A loop turn waits at most a poll, a commit (5 s) or a dead letter (30 s). */
    private static final Duration STUCK = Duration.ofMinutes(2);

    private final Optional<PlanConsumer> consumer;

    public LivenessIndicator(Optional<PlanConsumer> consumer) {
        this.consumer = consumer;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        if (consumer.isPresent()) {
            PlanConsumer.Health c = consumer.get().health();
            details.put("consumerRunning", c.running());
            details.put("lastLoopAt", c.lastLoopAt().toString());
            up = c.running() && Duration.between(c.lastLoopAt(), Instant.now()).compareTo(STUCK) < 0;
        }
        return Publishers.just(HealthResult.builder("image-builder-loop", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
