package dev.tagline.testkit;

import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.topic.DeadLetterHeaders;
import dev.tagline.schema.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dead-letter contract every tagline consumer keeps, checked against the real broker and a
 * running service: garbage bytes and a schema-invalid JSON on its input topic land in the topic's
 * {@code .dlt} twin with the original bytes and the documented headers, and a valid event sent
 * after them is still consumed (the group commits past it) without being dead-lettered as invalid.
 * The bad records come as a burst, so they share a poll batch: a listener whose error strategy
 * drops the rest of a batch after a failure loses some of them and fails the contract.
 */
public final class DeadLetterContract {
    public static final String KEY = "github.com/tagline-test/dead-letters";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private DeadLetterContract() {
    }

    public static <V extends TaglineEvent> void verify(Topic<V> input, String consumerGroup, V validEvent) {
        KafkaProbe.createTopics(2, input.name(), input.deadLetterName());
        Map<TopicPartition, Long> dltStart = KafkaProbe.endOffsets(input.deadLetterName());

        byte[] garbage = {(byte) 0xff, 0x00, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n', (byte) 0xfe};
        byte[] invalid = "{\"schemaVersion\":1,\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
        RecordMetadata garbageAt = KafkaProbe.send(input.name(), KEY, garbage);
        RecordMetadata invalidAt = KafkaProbe.send(input.name(), KEY, invalid);
        RecordMetadata garbageAgainAt = KafkaProbe.send(input.name(), KEY, garbage);
        RecordMetadata invalidAgainAt = KafkaProbe.send(input.name(), KEY, invalid);
        RecordMetadata validAt = KafkaProbe.send(input.name(), KEY, input.encode(validEvent));
        Map<TopicPartition, Long> inputEnd = Map.of(new TopicPartition(input.name(), validAt.partition()), validAt.offset() + 1);

        assertTrue(KafkaProbe.awaitCommitted(consumerGroup, inputEnd, TIMEOUT),
                consumerGroup + " did not commit past the valid event on " + input.name() + " within " + TIMEOUT);

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaProbe.poll(input.deadLetterName(), dltStart,
                r -> KEY.equals(key(r)), 4, TIMEOUT);
        assertEquals(4, dead.size(), "every garbage and invalid record is dead-lettered");
        assertDeadLetter(dead, input, garbageAt, garbage, consumerGroup);
        assertDeadLetter(dead, input, invalidAt, invalid, consumerGroup);
        assertDeadLetter(dead, input, garbageAgainAt, garbage, consumerGroup);
        assertDeadLetter(dead, input, invalidAgainAt, invalid, consumerGroup);

        List<ConsumerRecord<byte[], byte[]>> more = KafkaProbe.poll(input.deadLetterName(), dltStart,
                r -> KEY.equals(key(r)), 5, Duration.ofSeconds(2));
        for (ConsumerRecord<byte[], byte[]> r : more) {
            if (Long.toString(validAt.offset()).equals(KafkaProbe.header(r, DeadLetterHeaders.SOURCE_OFFSET))
                    && Integer.toString(validAt.partition()).equals(KafkaProbe.header(r, DeadLetterHeaders.SOURCE_PARTITION))) {
                assertTrue(!InvalidEventException.class.getName().equals(KafkaProbe.header(r, DeadLetterHeaders.ERROR_CLASS)),
                        "the valid event was dead-lettered as invalid: " + KafkaProbe.header(r, DeadLetterHeaders.ERROR_MESSAGE));
            }
        }
    }

    private static void assertDeadLetter(List<ConsumerRecord<byte[], byte[]>> dead, Topic<?> input, RecordMetadata at,
                                         byte[] original, String group) {
        ConsumerRecord<byte[], byte[]> r = dead.stream()
                .filter(d -> Long.toString(at.offset()).equals(KafkaProbe.header(d, DeadLetterHeaders.SOURCE_OFFSET))
                        && Integer.toString(at.partition()).equals(KafkaProbe.header(d, DeadLetterHeaders.SOURCE_PARTITION)))
                .findFirst().orElse(null);
        assertNotNull(r, "no dead letter for " + input.name() + " partition " + at.partition() + " offset " + at.offset());
        assertArrayEquals(original, r.value(), "the dead letter carries the original bytes");
        assertEquals(KEY, key(r), "and the original key");
        assertEquals(input.name(), KafkaProbe.header(r, DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals(InvalidEventException.class.getName(), KafkaProbe.header(r, DeadLetterHeaders.ERROR_CLASS));
        String message = KafkaProbe.header(r, DeadLetterHeaders.ERROR_MESSAGE);
        assertTrue(message != null && message.startsWith(input.valueType().getSimpleName() + ":"),
                "the reason names the event type: " + message);
        assertEquals(group, KafkaProbe.header(r, DeadLetterHeaders.CONSUMER_GROUP));
        assertNotNull(KafkaProbe.header(r, DeadLetterHeaders.DEAD_LETTERED_AT));
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }
}
