package dev.tagline.planner.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

import java.util.Map;

/**
 * Readiness ({@code /health}, {@code /health/readiness}): UP while the topology runs or
 * rebalances, DOWN while it starts, restores or stopped. Answers from the state Kafka Streams
 * already holds, so it never waits on the broker.
 */
@Singleton
@Requires(bean = PlannerStreams.class)
public class StreamsHealthIndicator implements HealthIndicator {
    private final PlannerStreams streams;

    public StreamsHealthIndicator(PlannerStreams streams) {
        this.streams = streams;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = streams.state();
        HealthStatus status = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("planner-streams", status).details(Map.of("state", state.name(),
                "threads", streams.streams().metadataForLocalThreads().size())).build());
    }
}
