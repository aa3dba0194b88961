package dev.tagline.listener.service;

import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Bean;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;

/**
 * Reads {@code git.ref-events} in the {@code tag-listener} group, as raw bytes decoded here. A record
 * it cannot read is skipped and counted ({@code tagline_listener_unreadable_records_total}), never
 * dead-lettered: tag-planner owns the processing of this topic and dead-letters it, once. The group's
 * partition assignment decides which repositories this instance polls and schedules
 * ({@link Ownership}); its static membership and assignor are set by {@link GroupMembership}.
 */
@KafkaListener(groupId = "tag-listener", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        // set here, not on the method (micronaut-kafka 5.9 ignores a method-level @ErrorStrategy); with the
        // default (NONE) a failed record would drop the rest of its poll batch
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RESUME_AT_NEXT_RECORD))
// not a candidate for the application-wide KafkaListenerExceptionHandler: micronaut-kafka uses it for this bean only
@Bean(typed = RefEventListener.class)
public class RefEventListener implements ConsumerRebalanceListener, KafkaListenerExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RefEventListener.class);
    private final PublishedEventIndex handler;
    private final Ownership ownership;

    private final Counter unreadable;

    public RefEventListener(PublishedEventIndex handler, Ownership ownership, MeterRegistry meters) {
        this.handler = handler;
        this.ownership = ownership;
        this.unreadable = Counter.builder("tagline.listener.unreadable.records").tag("reader", "group").tag("topic", Topics.REF_EVENTS_NAME)
                .description("records a reader skipped because it could not read them (not dead-lettered here)").register(meters);
    }

    @Topic(Topics.REF_EVENTS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        RefEvent event;
        try {
            event = Topics.REF_EVENTS.decode(record.value());
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.warn("skipped unreadable record {}-{}@{} (tag-planner dead-letters it): {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("eventId", event.id())) {
            handler.rememberId(event);
        }
    }

    /**
     * This group's failures never reach the shared dead-letter handler: a record it could not handle
     * (or an offset it could not commit while the broker is away) is only logged; the record is
     * skipped, the consumer goes on, and tag-planner's group owns the dead letters of this topic.
     */
    @Override
    public void handle(KafkaListenerException exception) {
        Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
        exception.getConsumerRecord().ifPresentOrElse(
                r -> LOG.warn("skipped record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), cause.toString()),
                () -> LOG.warn("consumer of {} failed, it goes on: {}", Topics.REF_EVENTS_NAME, cause.toString()));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        ownership.assigned(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
    }
}
