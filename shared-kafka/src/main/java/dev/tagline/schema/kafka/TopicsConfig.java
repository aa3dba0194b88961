package dev.tagline.schema.kafka;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How services create the pipeline's topics at start ({@code tagline.topics.*}).
 *
 * @param create            create missing topics (and their dead-letter twins) at start
 * @param partitions        partitions of each new topic: the most consumers a group can use
 * @param replicationFactor replicas of each new topic; unset means the broker's default
 */
@ConfigurationProperties("tagline.topics")
public record TopicsConfig(
        @Bindable(defaultValue = "true") boolean create,
        @Bindable(defaultValue = "6") int partitions,
        @Nullable Short replicationFactor) {
}
