package dev.tagline.schema.kafka;

import dev.tagline.schema.json.EventCodec;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a record that could not be processed to {@code <topic>.dlt}: the original key, value,
 * headers and timestamp unchanged, plus the {@link DeadLetterHeaders}. The send is synchronous, so
 * the caller moves on only once the broker holds the dead letter.
 */
@Singleton
public class DeadLetterPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final Producer<byte[], byte[]> producer;

    public DeadLetterPublisher(@KafkaClient(id = "tagline-dead-letters", acks = KafkaClient.Acknowledge.ALL)
                               Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    public void publish(ConsumerRecord<?, ?> record, String consumerGroup, Throwable error) {
        Headers headers = DeadLetters.headers(record.headers(), record.topic(), record.partition(), record.offset(), consumerGroup,
                error, Instant.now());
        send(record.topic(), record.timestamp(), toBytes(record.key()), toBytes(record.value()), headers, error);
    }

    /** For a record whose bytes are known but that never became a {@link ConsumerRecord} (deserialization failure). */
    public void publish(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                        Headers original, String consumerGroup, Throwable error) {
        send(topic, timestamp, key, value, DeadLetters.headers(original, topic, partition, offset, consumerGroup, error, Instant.now()), error);
    }

    private void send(String topic, long timestamp, byte[] key, byte[] value, Headers headers, Throwable error) {
        String dlt = DeadLetters.topicFor(topic);
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlt, null, timestamp > 0 ? timestamp : null, key, value, headers);
        try {
            producer.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering a record of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter a record of " + topic + " to " + dlt, e);
        }
        LOG.warn("dead-lettered {} record to {}: {}", topic, dlt, message(DeadLetters.rootCause(error)));
    }

    static String message(Throwable t) {
        return DeadLetters.message(t);
    }

    private static byte[] toBytes(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return EventCodec.encode(o);
    }
}
