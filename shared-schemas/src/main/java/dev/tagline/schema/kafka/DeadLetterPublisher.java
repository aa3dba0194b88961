package dev.tagline.schema.kafka;

import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.topic.DeadLetterHeaders;
import dev.tagline.schema.topic.Topic;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
    private static final int MAX_MESSAGE = 1000;

    private final Producer<byte[], byte[]> producer;

    public DeadLetterPublisher(@KafkaClient(id = "tagline-dead-letters", acks = KafkaClient.Acknowledge.ALL)
                               Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    public void publish(ConsumerRecord<?, ?> record, String consumerGroup, Throwable error) {
        Headers headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, record.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset()));
        send(record.topic(), record.timestamp(), toBytes(record.key()), toBytes(record.value()), headers, consumerGroup, error);
    }

    /** For a record whose bytes are known but that never became a {@link ConsumerRecord} (deserialization failure). */
    public void publish(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                        Headers original, String consumerGroup, Throwable error) {
        Headers headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                headers.add(h);
            }
        }
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, topic);
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
        send(topic, timestamp, key, value, headers, consumerGroup, error);
    }

    private void send(String topic, long timestamp, byte[] key, byte[] value, Headers headers, String group, Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause && isWrapper(cause)) {
            cause = cause.getCause();
        }
        add(headers, DeadLetterHeaders.ERROR_CLASS, cause.getClass().getName());
        add(headers, DeadLetterHeaders.ERROR_MESSAGE, message(cause));
        add(headers, DeadLetterHeaders.CONSUMER_GROUP, group == null ? "" : group);
        add(headers, DeadLetterHeaders.DEAD_LETTERED_AT, Instant.now().toString());
        String dlt = topic.endsWith(Topic.DEAD_LETTER_SUFFIX) ? topic : topic + Topic.DEAD_LETTER_SUFFIX;
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlt, null, timestamp > 0 ? timestamp : null, key, value, headers);
        try {
            producer.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering a record of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter a record of " + topic + " to " + dlt, e);
        }
        LOG.warn("dead-lettered {} record to {}: {}", topic, dlt, message(cause));
    }

    private static boolean isWrapper(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("io.micronaut.") && !(t instanceof dev.tagline.schema.event.InvalidEventException);
    }

    static String message(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("[\\r\\n]+", " ");
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
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
