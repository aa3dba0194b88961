package dev.tagline.bench.faults;

import dev.tagline.bench.infra.Stamped;
import dev.tagline.bench.infra.TopicTail;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.topic.Topic;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
    /** A dead letter: the original bytes (as text) and where it was read from. */
    record DeadLetter(String topic, String value, long timestamp) {
    }

    static final List<String> DEAD_LETTER_TOPICS = List.of(Topics.REF_EVENTS.deadLetterName(),
            Topics.TAG_PLANS.deadLetterName(), Topics.BUILD_RESULTS.deadLetterName());

    private final List<Stamped<RefEvent>> events = new ArrayList<>();
    private final List<Stamped<TagPlan>> plans = new ArrayList<>();
    private final List<Stamped<BuildResult>> results = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final TopicTail tail;

    Ledger(String bootstrap) {
        List<String> topics = new ArrayList<>(List.of(Topics.REF_EVENTS_NAME, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME));
        topics.addAll(DEAD_LETTER_TOPICS);
        tail = new TopicTail("faults-ledger", bootstrap, topics, Duration.ofMillis(100), this::take);
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
        tail.check();
        return new Snapshot(List.copyOf(events), List.copyOf(plans), List.copyOf(results), List.copyOf(deadLetters));
    }

    record Snapshot(List<Stamped<RefEvent>> events, List<Stamped<TagPlan>> plans, List<Stamped<BuildResult>> results,
                    List<DeadLetter> deadLetters) {
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
