package dev.tagline.schema.kafka;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

import java.util.Map;

/** {@code topics}: DOWN, with the reasons, while an existing topic's retention would silently break tagline. */
@Singleton
@Requires(classes = HealthIndicator.class)
@Requires(bean = TopicCreator.class)
public class TopicConfigHealthIndicator implements HealthIndicator {
    private final TopicCreator topics;

    public TopicConfigHealthIndicator(TopicCreator topics) {
        this.topics = topics;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = topics.problems().isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("topics", status).details(Map.of("problems", topics.problems())).build());
    }
}
