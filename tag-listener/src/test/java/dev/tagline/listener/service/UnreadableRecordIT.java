package dev.tagline.listener.service;

import dev.tagline.listener.Polling;
import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.topic.DeadLetterHeaders;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.KafkaTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One dead letter per bad record: tag-planner owns the processing of {@code git.ref-events} and
 * dead-letters what it cannot read. The listener's readers of the topic (its group and its
 * published-event index) skip such records, count them, and go on; they never write a dead letter.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadableRecordIT implements KafkaTest {
    private static final String KEY = "github.com/tagline-test/unreadable";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Inject
    MeterRegistry meters;

    private double unreadable(String reader) {
        Counter c = meters.find("tagline.listener.unreadable.records").tag("reader", reader).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void unreadableRecordsAreSkippedAndCountedNeverDeadLettered() {
        KafkaProbe.createTopics(2, Topics.REF_EVENTS_NAME, Topics.REF_EVENTS.deadLetterName());
        Map<TopicPartition, Long> dltStart = KafkaProbe.endOffsets(Topics.REF_EVENTS.deadLetterName());
        double groupBefore = unreadable("group");
        double indexBefore = unreadable("event-index");

        byte[] garbage = {(byte) 0xff, 0x00, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n', (byte) 0xfe};
        byte[] invalid = "{\"schemaVersion\":1,\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
        KafkaProbe.send(Topics.REF_EVENTS_NAME, KEY, garbage);
        KafkaProbe.send(Topics.REF_EVENTS_NAME, KEY, invalid);
        KafkaProbe.send(Topics.REF_EVENTS_NAME, KEY, garbage);
        KafkaProbe.send(Topics.REF_EVENTS_NAME, KEY, invalid);
        RecordMetadata validAt = KafkaProbe.send(Topics.REF_EVENTS_NAME, KEY, Topics.REF_EVENTS.encode(ExampleEvents.refEvent()));
        Map<TopicPartition, Long> end = Map.of(new TopicPartition(Topics.REF_EVENTS_NAME, validAt.partition()), validAt.offset() + 1);

        assertTrue(KafkaProbe.awaitCommitted("tag-listener", end, TIMEOUT),
                "the tag-listener group did not commit past the valid event within " + TIMEOUT);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((unreadable("group") < groupBefore + 4 || unreadable("event-index") < indexBefore + 4) && System.nanoTime() < deadline) {
            Polling.pause(Duration.ofMillis(100));
        }
        assertEquals(groupBefore + 4, unreadable("group"), "the group counts each unreadable record once");
        assertEquals(indexBefore + 4, unreadable("event-index"), "the event index counts each unreadable record once");

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaProbe.poll(Topics.REF_EVENTS.deadLetterName(), dltStart,
                r -> "tag-listener".equals(KafkaProbe.header(r, DeadLetterHeaders.CONSUMER_GROUP)), 1, Duration.ofSeconds(3));
        assertEquals(List.of(), dead, "tag-listener wrote no dead letter");
    }
}
