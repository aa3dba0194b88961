package dev.tagline.listener.service;

import dev.tagline.testkit.KafkaProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a webhook waits for before publishing: {@link TopicTailer#awaitCaughtUp} on an idle tailer (the
 * webhook's duplicate check) and right after a record was written (it must have been handed over). A
 * timing harness: it prints the latencies (issue 14 measured ~440 ms p50 for the idle case: the tailer's
 * idle poll, then end offsets queued behind a fetch the broker holds for fetch.max.wait.ms) and asserts
 * only correctness, no wall-clock threshold.
 */
class TopicTailerLatencyIT {
    private static final String TOPIC = "tailer-latency-" + System.nanoTime();
    private static final int ROUNDS = 20;

    @Test
    void awaitCaughtUpReturnsOnceEverythingWrittenBeforeIsHandled() throws Exception {
        KafkaProbe.createTopics(3, TOPIC);
        for (int i = 0; i < 10; i++) {
            KafkaProbe.send(TOPIC, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (TopicTailer tailer = new TopicTailer(KafkaProbe.bootstrap(), TOPIC, "latency",
                r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)), Backoff.DEFAULT, new SimpleMeterRegistry())) {
            tailer.start();
            assertTrue(tailer.awaitCaughtUp(Duration.ofSeconds(30)), "first catch-up");
            assertTrue(seen.contains("v9"));
            Random random = new Random(14);
            List<Long> idle = new ArrayList<>();
            List<Long> afterWrite = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                // somewhere in the tailer's idle poll
                Thread.sleep(300 + random.nextInt(300));
                long t0 = System.nanoTime();
                assertTrue(tailer.awaitCaughtUp(Duration.ofSeconds(10)), "idle round " + i);
                idle.add((System.nanoTime() - t0) / 1_000_000);

                Thread.sleep(300 + random.nextInt(300));
                String value = "w" + i;
                KafkaProbe.send(TOPIC, "k" + i, value.getBytes(StandardCharsets.UTF_8));
                long t1 = System.nanoTime();
                assertTrue(tailer.awaitCaughtUp(Duration.ofSeconds(10)), "write round " + i);
                afterWrite.add((System.nanoTime() - t1) / 1_000_000);
                assertTrue(seen.contains(value), "the record written before the call was handed over: " + value);
            }
            System.out.printf("TopicTailer.awaitCaughtUp idle: p50 %d ms, max %d ms; after a write: p50 %d ms, max %d ms (%d rounds)%n",
                    median(idle), Collections.max(idle), median(afterWrite), Collections.max(afterWrite), ROUNDS);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
