package dev.tagline.schema.kafka;

import dev.tagline.schema.topic.DeadLetterHeaders;
import dev.tagline.schema.topic.Topic;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a dead letter carries besides the original key, value and timestamp: the original headers
 * plus the {@link DeadLetterHeaders}. Shared by the consumers' {@link DeadLetterPublisher} and
 * tag-planner's Kafka Streams topology, so every {@code .dlt} record reads the same.
 */
public final class DeadLetters {
    private static final int MAX_MESSAGE = 1000;

    private DeadLetters() {
    }

    /** {@code <topic>.dlt} (a dead-letter topic is its own twin). */
    public static String topicFor(String topic) {
        return topic.endsWith(Topic.DEAD_LETTER_SUFFIX) ? topic : topic + Topic.DEAD_LETTER_SUFFIX;
    }

    /** The original headers plus where the record came from, why it failed, which group failed it and when. */
    public static Headers headers(Iterable<Header> original, String topic, int partition, long offset, String consumerGroup,
                                  Throwable error, Instant now) {
        Headers headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                headers.add(h);
            }
        }
        Throwable cause = rootCause(error);
        set(headers, DeadLetterHeaders.SOURCE_TOPIC, topic);
        set(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
        set(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
        set(headers, DeadLetterHeaders.ERROR_CLASS, cause.getClass().getName());
        set(headers, DeadLetterHeaders.ERROR_MESSAGE, message(cause));
        set(headers, DeadLetterHeaders.CONSUMER_GROUP, consumerGroup == null ? "" : consumerGroup);
        set(headers, DeadLetterHeaders.DEAD_LETTERED_AT, now.toString());
        return headers;
    }

    /** The error worth naming: framework wrappers (Micronaut's listener exceptions) are unwrapped. */
    static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause && isWrapper(cause)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean isWrapper(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("io.micronaut.") && !(t instanceof dev.tagline.schema.event.InvalidEventException);
    }

    /** The message on one line, at most {@value #MAX_MESSAGE} characters. */
    public static String message(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("[\\r\\n]+", " ");
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }

    private static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
