package dev.tagline.listener.service;

import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.MDC;

import java.util.Collection;

/**
 * Reads {@code git.ref-events} in the {@code tag-listener} group, as raw bytes decoded here, so that
 * anything unreadable reaches the shared dead-letter handler with its original bytes; the offset is
 * committed only after the record was handled (or dead-lettered). The group's partition assignment
 * also decides which repositories this instance polls and schedules ({@link Ownership}).
 */
@KafkaListener(groupId = "tag-listener", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD)
public class RefEventListener implements ConsumerRebalanceListener {
    private final PublishedEventIndex handler;
    private final Ownership ownership;

    public RefEventListener(PublishedEventIndex handler, Ownership ownership) {
        this.handler = handler;
        this.ownership = ownership;
    }

    @Topic(Topics.REF_EVENTS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        RefEvent event = Topics.REF_EVENTS.decode(record.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("eventId", event.id())) {
            handler.rememberId(event);
        }
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
