package dev.tagline.pruner.service;

import dev.tagline.schema.event.BuildResult;
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
 * Reads {@code build-results} as raw bytes and decodes them itself, so that
 * anything unreadable reaches the shared dead-letter handler with its original bytes. The offset is
 * committed only after the record was handled (or dead-lettered).
 */
@KafkaListener(groupId = "registry-pruner", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RESUME_AT_NEXT_RECORD))
public class BuildResultListener {
    private final PushHistoryService handler;

    public BuildResultListener(PushHistoryService handler) {
        this.handler = handler;
    }

    @Topic(Topics.BUILD_RESULTS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        BuildResult event = Topics.BUILD_RESULTS.decode(record.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("resultId", event.id())) {
            handler.record(event);
        }
    }
}
