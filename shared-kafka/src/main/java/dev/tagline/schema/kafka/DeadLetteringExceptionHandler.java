package dev.tagline.schema.kafka;

import io.micronaut.configuration.kafka.exceptions.DefaultKafkaListenerExceptionHandler;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * The one exception handler of every tagline consumer. Whatever a listener could not process (bytes
 * that are not JSON, an event that breaks its contract, a failure that outlived the listener's
 * {@code @ErrorStrategy} retries) goes to the dead-letter twin of its topic with the reason in
 * headers, synchronously, before consumption goes on with the next record. If the dead letter itself
 * cannot be written, the handler throws with the record's topic, partition and offset in the message.
 *
 * <p>Set each listener's error strategy on {@code @KafkaListener(errorStrategy = ...)}:
 * micronaut-kafka 5.9 ignores a method-level {@code @ErrorStrategy}, and with its default (NONE) a
 * failed record drops the rest of its poll batch. Use {@code RESUME_AT_NEXT_RECORD}, or
 * {@code RETRY_ON_ERROR} with {@code exceptionTypes = RetryableProcessingException.class}.
 */
@Singleton
@Replaces(DefaultKafkaListenerExceptionHandler.class)
public class DeadLetteringExceptionHandler extends DefaultKafkaListenerExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringExceptionHandler.class);

    private final DeadLetterPublisher deadLetters;

    public DeadLetteringExceptionHandler(DeadLetterPublisher deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void handle(KafkaListenerException exception) {
        Throwable cause = exception.getCause() != null ? exception.getCause() : exception;
        String group = groupOf(exception.getKafkaConsumer());
        if (exception.getConsumerRecord().isPresent()) {
            deadLetters.publish(exception.getConsumerRecord().get(), group, cause);
            return;
        }
        if (cause instanceof RecordDeserializationException rde) {
            deadLetters.publish(rde.topicPartition().topic(), rde.topicPartition().partition(), rde.offset(),
                    rde.timestamp(), bytes(rde.keyBuffer()), bytes(rde.valueBuffer()), rde.headers(), group, rde);
            // the default handler seeks past the record it could not deserialize
            super.handle(exception);
            return;
        }
        LOG.error("listener failure without a record (nothing to dead-letter): {}", DeadLetterPublisher.message(cause), cause);
    }

    private static String groupOf(Consumer<?, ?> consumer) {
        try {
            return consumer == null ? "" : consumer.groupMetadata().groupId();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
