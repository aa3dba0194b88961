package dev.tagline.planner.service;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

import java.util.Map;

/**
 * The planner's two health checks, both judged from the state Kafka Streams already holds, so neither
 * waits on the broker.
 */
@Factory
@Requires(bean = PlannerStreams.class)
class StreamsHealth {
    /**
     * Readiness ({@code /health}, {@code /health/readiness}): UP while the topology runs or rebalances,
     * DOWN while it starts, restores or stopped.
     */
    @Singleton
    HealthIndicator readiness(PlannerStreams streams) {
        return () -> {
            KafkaStreams.State state = streams.state();
            boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return Publishers.just(HealthResult.builder("planner-streams", up ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of("state", state.name(), "threads", streams.streams().metadataForLocalThreads().size())).build());
        };
    }

    /**
     * Liveness ({@code /health/liveness}): DOWN only when Kafka Streams stopped for good (ERROR), so an
     * orchestrator restarts the process; a broker outage keeps it UP (the threads retry by themselves).
     */
    @Singleton
    @Liveness
    HealthIndicator liveness(PlannerStreams streams) {
        return () -> {
            KafkaStreams.State state = streams.state();
            boolean up = state != KafkaStreams.State.ERROR;
            return Publishers.just(HealthResult.builder("planner-streams-alive", up ? HealthStatus.UP : HealthStatus.DOWN)
                    .details(Map.of("state", state.name())).build());
        };
    }
}
