package dev.tagline.bench.infra;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Reads the pipeline's topics (ref events, plans, build results) in a background thread, keeping each
 * record with its broker timestamp (the producer's CreateTime): the per-hop clock of the latency run.
 */
public final class Watch implements AutoCloseable {
    public final Map<String, Stamped<RefEvent>> eventsByRef = new ConcurrentHashMap<>();
    public final Map<String, Stamped<TagPlan>> plansByEvent = new ConcurrentHashMap<>();
    public final Map<String, Stamped<BuildResult>> results = new ConcurrentHashMap<>();
    private final TopicTail tail;
    /** Records taken so far: {@link #await} sleeps on it until the next one arrives, not for a fixed tick. */
    private long taken;

    public Watch(String bootstrap) {
        tail = new TopicTail("bench-watch", bootstrap, List.of(Topics.REF_EVENTS_NAME, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME),
                Duration.ofMillis(20), this::take);
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        try {
            switch (r.topic()) {
                case Topics.REF_EVENTS_NAME -> {
                    RefEvent e = Topics.REF_EVENTS.decode(r.value());
                    eventsByRef.putIfAbsent(e.ref().value() + "@" + (e.newCommit() == null ? "-" : e.newCommit().value()),
                            new Stamped<>(e, r.timestamp()));
                }
                case Topics.TAG_PLANS_NAME -> {
                    TagPlan p = Topics.TAG_PLANS.decode(r.value());
                    plansByEvent.putIfAbsent(p.eventId(), new Stamped<>(p, r.timestamp()));
                }
                case Topics.BUILD_RESULTS_NAME -> {
                    BuildResult b = Topics.BUILD_RESULTS.decode(r.value());
                    results.putIfAbsent(b.resultId(), new Stamped<>(b, r.timestamp()));
                }
                default -> { }
            }
        } catch (InvalidEventException ignored) {
            // the services dead-letter what they cannot read
        }
        synchronized (this) {
            taken++;
            notifyAll();
        }
    }

    public <T> T await(String what, Duration timeout, Supplier<T> probe) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen;
            synchronized (this) {
                seen = taken;
            }
            T value = probe.get();
            if (value != null) {
                return value;
            }
            tail.check();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("waited " + timeout.toSeconds() + " s for " + what);
            }
            synchronized (this) {
                if (taken == seen) {
                    wait(50); // woken by the next record (the tail's failure is checked at least this often)
                }
            }
        }
    }

    /** Every variant's result of the plan, or null while one is missing. */
    public List<Stamped<BuildResult>> resultsOf(TagPlan plan) {
        List<Stamped<BuildResult>> list = new ArrayList<>();
        for (var v : plan.variants()) {
            Stamped<BuildResult> r = results.get(BuildResult.idFor(plan.planId(), v.name()));
            if (r == null) {
                return null;
            }
            list.add(r);
        }
        return list;
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
