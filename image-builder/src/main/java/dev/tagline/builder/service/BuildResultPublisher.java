package dev.tagline.builder.service;

import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes build results to {@code image.build-results}, keyed by repository id; returns once acknowledged. */
@KafkaClient(id = "image-builder-results", acks = KafkaClient.Acknowledge.ALL)
public interface BuildResultPublisher {
    @Topic(Topics.BUILD_RESULTS_NAME)
    RecordMetadata send(@KafkaKey byte[] key, byte[] value);
}
