package dev.tagline.planner.service;

import dev.tagline.schema.kafka.RetryableProcessingException;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.ConsumerAware;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.core.annotation.NonNull;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Reads {@code git.ref-events} as raw bytes (so anything unreadable reaches the shared dead-letter
 * handler with its original bytes) and hands each record to {@link PlanningService}. Offsets are
 * committed only inside the plan's Kafka transaction ({@code OffsetStrategy.DISABLED} here); a
 * transaction that failed is retried, then dead-lettered. On partition assignment the release
 * histories are rebuilt from the log.
 *
 * <p>The error strategy must be set on {@code @KafkaListener(errorStrategy = ...)} (micronaut-kafka
 * 5.9 ignores a method-level {@code @ErrorStrategy}); with its default (NONE), a failed record makes
 * the consumer drop the rest of that partition's poll batch. Here every other failure is
 * dead-lettered and consumption resumes at the next record.
 */
@KafkaListener(groupId = RefEventListener.GROUP, offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.DISABLED,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "500ms", retryCount = 5,
                exceptionTypes = RetryableProcessingException.class))
public class RefEventListener implements ConsumerRebalanceListener, ConsumerAware<byte[], byte[]> {
    public static final String GROUP = "tag-planner";

    private final PlanningService service;
    private Consumer<byte[], byte[]> consumer;

    public RefEventListener(PlanningService service) {
        this.service = service;
    }

    @Topic(Topics.REF_EVENTS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record, Consumer<byte[], byte[]> kafkaConsumer) {
        service.handle(record, kafkaConsumer);
    }

    @Override
    public void setKafkaConsumer(@NonNull Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        service.partitionsAssigned(partitions, consumer);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        service.partitionsRevoked(partitions);
    }
}
