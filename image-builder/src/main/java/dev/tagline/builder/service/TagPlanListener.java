package dev.tagline.builder.service;

import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.kafka.RetryableProcessingException;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * Reads {@code image.tag-plans} as raw bytes and decodes them itself, so that anything unreadable
 * reaches the shared dead-letter handler with its original bytes. The offset is committed only
 * after every variant of the plan has a published result (or the record was dead-lettered). Build
 * failures are results, not exceptions; only a failure to publish is retried here.
 */
@KafkaListener(groupId = "image-builder", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        threadsValue = "${builder.consumer-threads:1}",
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "2s", retryCount = 5,
                exceptionTypes = RetryableProcessingException.class))
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
