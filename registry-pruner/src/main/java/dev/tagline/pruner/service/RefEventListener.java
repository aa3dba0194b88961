package dev.tagline.pruner.service;

import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.GitRef;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code git.ref-events} for closed pull requests (a pull ref DELETED): their {@code pr-<n>} tags
 * become prune candidates. The tag-planner owns dead-lettering this topic, so unreadable records are
 * skipped here, not dead-lettered twice.
 */
@KafkaListener(groupId = "registry-pruner-pull-requests", offsetReset = OffsetReset.LATEST,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RESUME_AT_NEXT_RECORD))
public class RefEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(RefEventListener.class);

    private final PruneTriggers triggers;

    public RefEventListener(PruneTriggers triggers) {
        this.triggers = triggers;
    }

    @Topic(Topics.REF_EVENTS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        RefEvent event;
        try {
            event = Topics.REF_EVENTS.decode(record.value());
        } catch (InvalidEventException e) {
            LOG.debug("skipping unreadable ref event at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (event.ref().kind() == GitRef.Kind.PULL_REQUEST && event.change() == RefChange.DELETED) {
            triggers.pullRequestClosed(event.repository().value(), event.ref().shortName());
        }
    }
}
