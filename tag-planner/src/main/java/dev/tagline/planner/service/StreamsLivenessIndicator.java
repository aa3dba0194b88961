package dev.tagline.planner.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

import java.util.Map;

/**
 * Liveness ({@code /health/liveness}): DOWN only when Kafka Streams stopped for good (ERROR), so an
 * orchestrator restarts the process; a broker outage keeps it UP (the threads retry by themselves).
 */
@Singleton
@Liveness
@Requires(bean = PlannerStreams.class)
public class StreamsLivenessIndicator implements HealthIndicator {
    private final PlannerStreams streams;

    public StreamsLivenessIndicator(PlannerStreams streams) {
        this.streams = streams;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = streams.state();
        HealthStatus status = state == KafkaStreams.State.ERROR ? HealthStatus.DOWN : HealthStatus.UP;
        return Publishers.just(HealthResult.builder("planner-streams-alive", status).details(Map.of("state", state.name())).build());
    }
}
