package dev.tagline.builder.service;

import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * Reads {@code tag-plans} as raw bytes and decodes them itself, so that
 * anything unreadable reaches the shared dead-letter handler with its original bytes. The offset is
 * committed only after the record was handled (or dead-lettered).
 */
@KafkaListener(groupId = "image-builder", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD)
public class TagPlanListener {
    private final BuildService handler;

    public TagPlanListener(BuildService handler) {
        this.handler = handler;
    }

    @Topic(Topics.TAG_PLANS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        TagPlan event = Topics.TAG_PLANS.decode(record.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("planId", event.id())) {
            handler.handle(event);
        }
    }
}
