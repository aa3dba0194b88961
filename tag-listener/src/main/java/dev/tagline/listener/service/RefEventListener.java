package dev.tagline.listener.service;

import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * Reads {@code ref-events} as raw bytes and decodes them itself, so that
 * anything unreadable reaches the shared dead-letter handler with its original bytes. The offset is
 * committed only after the record was handled (or dead-lettered).
 */
@KafkaListener(groupId = "tag-listener", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD)
public class RefEventListener {
    private final PublishedEventIndex handler;

    public RefEventListener(PublishedEventIndex handler) {
        this.handler = handler;
    }

    @Topic(Topics.REF_EVENTS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        RefEvent event = Topics.REF_EVENTS.decode(record.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("eventId", event.id())) {
            handler.remember(event);
        }
    }
}
