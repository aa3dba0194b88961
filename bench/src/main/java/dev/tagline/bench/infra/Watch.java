package dev.tagline.bench.infra;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

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
    public record Stamped<T>(T value, long timestamp) {
    }

    public final Map<String, Stamped<RefEvent>> eventsByRef = new ConcurrentHashMap<>();
    public final Map<String, Stamped<TagPlan>> plansByEvent = new ConcurrentHashMap<>();
    public final Map<String, Stamped<BuildResult>> results = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    public Watch(String bootstrap) {
        thread = new Thread(() -> loop(bootstrap), "bench-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> c = Kafka.reader(bootstrap)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(Topics.REF_EVENTS_NAME, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME)) {
                parts.addAll(Kafka.partitions(c, t));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
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
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    public <T> T await(String what, Duration timeout, Supplier<T> probe) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (failure != null) {
                throw new IllegalStateException("reading the topics failed: " + failure.getMessage(), failure);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(5);
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
        running = false;
        thread.join(5000);
    }
}
