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
 * A second reader takes the build results read_uncommitted: when they are sent, the builder has written every
 * tag, and figure 2 asks the registry then, without waiting for the results' transaction to commit (a step after
 * the tags, not on their way to the registry), as the jib side asks it once its push returned.
 */
public final class Watch implements AutoCloseable {
    /**
     * A poll returns as soon as records arrive: a long timeout costs no latency, a short one only burns the harness's CPU,
     * which tagline's side competes with and jib-core's side does not (20 ms polls cost ~17 ms of CPU per tag).
     */
    private static final Duration POLL = Duration.ofMillis(250);
    public final Map<String, Stamped<RefEvent>> eventsByRef = new ConcurrentHashMap<>();
    public final Map<String, Stamped<TagPlan>> plansByEvent = new ConcurrentHashMap<>();
    /** Committed results. */
    public final Map<String, Stamped<BuildResult>> results = new ConcurrentHashMap<>();
    /** When the harness read each committed result (local ms). */
    private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
    /** Results as sent (read_uncommitted). */
    private final Map<String, Stamped<BuildResult>> sent = new ConcurrentHashMap<>();
    private final TopicTail tail;
    private final TopicTail sentTail;
    /** Records taken so far: {@link #await} sleeps on it until the next one arrives, not for a fixed tick. */
    private long taken;

    public Watch(String bootstrap) {
        tail = new TopicTail("bench-watch", bootstrap, List.of(Topics.REF_EVENTS_NAME, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME),
                POLL, this::take);
        sentTail = new TopicTail("bench-watch-sent", bootstrap, false, List.of(Topics.BUILD_RESULTS_NAME), POLL, this::takeSent);
    }

    private void takeSent(ConsumerRecord<byte[], byte[]> r) {
        try {
            BuildResult b = Topics.BUILD_RESULTS.decode(r.value());
            sent.putIfAbsent(b.resultId(), new Stamped<>(b, r.timestamp()));
        } catch (InvalidEventException ignored) {
            // as in take
        }
        taken();
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
                    committedAt.putIfAbsent(b.resultId(), System.currentTimeMillis());
                }
                default -> { }
            }
        } catch (InvalidEventException ignored) {
            // the services dead-letter what they cannot read
        }
        taken();
    }

    private void taken() {
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
            sentTail.check();
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

    /** Every variant's committed result of the plan, or null while one is missing. */
    public List<Stamped<BuildResult>> resultsOf(TagPlan plan) {
        return of(results, plan);
    }

    /** Every variant's result of the plan as sent (before its transaction commits), or null while one is missing. */
    public List<Stamped<BuildResult>> resultsSentOf(TagPlan plan) {
        return of(sent, plan);
    }

    /** When the harness had read every variant's committed result of the plan (local ms), or null while one is missing. */
    public Long resultsCommittedAt(TagPlan plan) {
        long last = 0;
        for (var v : plan.variants()) {
            Long at = committedAt.get(BuildResult.idFor(plan.planId(), v.name()));
            if (at == null) {
                return null;
            }
            last = Math.max(last, at);
        }
        return last;
    }

    private static List<Stamped<BuildResult>> of(Map<String, Stamped<BuildResult>> byId, TagPlan plan) {
        List<Stamped<BuildResult>> list = new ArrayList<>();
        for (var v : plan.variants()) {
            Stamped<BuildResult> r = byId.get(BuildResult.idFor(plan.planId(), v.name()));
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
        sentTail.close();
    }
}
