package dev.tagline.pruner.service;

import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;

/** The producer of {@code registry.prune-audit}: bytes encoded with the shared codec, keyed by repository. */
@KafkaClient(id = "registry-pruner-audits", acks = KafkaClient.Acknowledge.ALL)
public interface AuditClient {
    @Topic(Topics.PRUNE_AUDIT_NAME)
    void send(@KafkaKey byte[] key, byte[] value);
}
