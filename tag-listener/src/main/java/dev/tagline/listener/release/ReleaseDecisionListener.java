package dev.tagline.listener.release;

import dev.tagline.schema.event.ReleaseDecision;
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
 * Reads {@code git.release-decisions} in the {@code tag-listener-releases} group and hands each decision
 * to {@link ReleaseTagger}. An unreadable decision, or one whose tag name is taken at another commit,
 * is dead-lettered to {@code git.release-decisions.dlt} once (the shared handler); a remote or broker
 * that is away is retried with backoff, never dead-lettered at once.
 */
@KafkaListener(groupId = "tag-listener-releases", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryDelay = "1s", retryCount = 12,
                exceptionTypes = RetryableProcessingException.class))
public class ReleaseDecisionListener {
    private final ReleaseTagger tagger;

    public ReleaseDecisionListener(ReleaseTagger tagger) {
        this.tagger = tagger;
    }

    @Topic(Topics.RELEASE_DECISIONS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        ReleaseDecision decision = Topics.RELEASE_DECISIONS.decode(record.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("eventId", decision.sourceEventId());
             MDC.MDCCloseable d = MDC.putCloseable("decisionId", decision.decisionId())) {
            tagger.apply(decision);
        }
    }
}
