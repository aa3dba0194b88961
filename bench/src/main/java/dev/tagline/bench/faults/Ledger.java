package dev.tagline.bench.faults;

import dev.tagline.bench.infra.Kafka;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.topic.Topic;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything committed on the pipeline's topics and their dead-letter twins, read from the beginning by
 * a read_committed consumer in a background thread (records of aborted transactions are never seen).
 * Every record is kept, duplicates included, in log order with its broker timestamp, so the suite can
 * count what arrived, what arrived twice, and when.
 */
final class Ledger implements AutoCloseable {
    record Stamped<T>(T value, long timestamp) {
    }

    /** A dead letter: the original bytes (as text) and where it was read from. */
    record DeadLetter(String topic, String value, long timestamp) {
    }

    static final List<String> DEAD_LETTER_TOPICS = List.of(Topics.REF_EVENTS.deadLetterName(),
            Topics.TAG_PLANS.deadLetterName(), Topics.BUILD_RESULTS.deadLetterName());

    private final List<Stamped<RefEvent>> events = new ArrayList<>();
    private final List<Stamped<TagPlan>> plans = new ArrayList<>();
    private final List<Stamped<BuildResult>> results = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    Ledger(String bootstrap) {
        thread = new Thread(() -> loop(bootstrap), "faults-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> c = Kafka.reader(bootstrap)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(Topics.REF_EVENTS_NAME, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME)) {
                parts.addAll(Kafka.partitions(c, t));
            }
            for (String t : DEAD_LETTER_TOPICS) {
                parts.addAll(Kafka.partitions(c, t));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (running) {
                // the broker may be down for a while: the consumer reconnects by itself, poll just returns nothing
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    take(r);
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        if (DEAD_LETTER_TOPICS.contains(r.topic())) {
            synchronized (this) {
                deadLetters.add(new DeadLetter(r.topic(), r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8),
                        r.timestamp()));
            }
            return;
        }
        try {
            switch (r.topic()) {
                case Topics.REF_EVENTS_NAME -> add(events, Topics.REF_EVENTS, r);
                case Topics.TAG_PLANS_NAME -> add(plans, Topics.TAG_PLANS, r);
                case Topics.BUILD_RESULTS_NAME -> add(results, Topics.BUILD_RESULTS, r);
                default -> { }
            }
        } catch (InvalidEventException | IllegalArgumentException poison) {
            // the poison records the suite wrote itself: counted through the dead-letter topics
        }
    }

    private synchronized <T extends TaglineEvent> void add(List<Stamped<T>> list, Topic<T> topic, ConsumerRecord<byte[], byte[]> r) {
        list.add(new Stamped<>(topic.decode(r.value()), r.timestamp()));
    }

    /** A consistent copy of everything read so far. */
    synchronized Snapshot snapshot() {
        if (failure != null) {
            throw new IllegalStateException("reading the topics failed: " + failure.getMessage(), failure);
        }
        return new Snapshot(List.copyOf(events), List.copyOf(plans), List.copyOf(results), List.copyOf(deadLetters));
    }

    record Snapshot(List<Stamped<RefEvent>> events, List<Stamped<TagPlan>> plans, List<Stamped<BuildResult>> results,
                    List<DeadLetter> deadLetters) {
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
