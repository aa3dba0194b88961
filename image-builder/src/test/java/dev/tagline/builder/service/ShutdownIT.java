package dev.tagline.builder.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.tagline.builder.support.Plans.command;
import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM while a build runs longer than the shutdown grace: the process exits within the grace (plus
 * its stop), publishes nothing for the plan and commits nothing past it; the restarted instance
 * builds the plan again, once.
 */
class ShutdownIT {
    private static final Instant T = Instant.parse("2026-08-02T10:00:00Z");
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void sigtermDuringABuildLeavesThePlanUncommittedAndTheNextStartBuildsItOnce() throws Exception {
        LocalRegistry registry = LocalRegistry.shared();
        KafkaProbe.createTopics(2, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME);
        Path work = Files.createTempDirectory("builder-shutdown");
        try (TestRepo git = GitRepos.create(work.resolve("repo"))) {
            String sha = git.commitAt("one", Map.of("app/run.sh", "#!/bin/sh\n"), T);
            TagPlan slow = plan("example.com/shutdown/app", "shutdown-" + System.nanoTime(), git.uri(), sha, T, false,
                    variant("base", registry.hostPort() + "/shutdown/app", tags("1.0.0"), List.of("linux/amd64"),
                            recipe(null, List.of(layer("app", "app", "/app")), command("sh", "-c", "sleep 8"), entrypoint("/app/run.sh")),
                            Map.of(), Map.of()));
            Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME);

            Path log1 = work.resolve("builder-1.log");
            Process one = start(work, registry, log1);
            var sent = KafkaProbe.send(Topics.TAG_PLANS_NAME, slow.partitionKey(), Topics.TAG_PLANS.encode(slow));
            TopicPartition tp = new TopicPartition(Topics.TAG_PLANS_NAME, sent.partition());
            awaitLine(log1, "plan " + slow.planId() + " of", Instant.now(), Duration.ofSeconds(120));

            Instant term = Instant.now();
            one.destroy(); // SIGTERM
            assertTrue(one.waitFor(30, TimeUnit.SECONDS), "the builder stops within its grace (2 s) and its stop: " + tail(log1));
            System.out.println("shutdown: SIGTERM during a build, process gone after "
                    + Duration.between(term, Instant.now()).toMillis() + " ms");
            assertTrue(results(from, Set.of(slow.planId()), 1, Duration.ofSeconds(2)).isEmpty(), "nothing published for the plan");
            assertTrue(KafkaProbe.committedOffsets("image-builder", Topics.TAG_PLANS_NAME).getOrDefault(tp, 0L) <= sent.offset(),
                    "nothing committed past the plan");

            Path log2 = work.resolve("builder-2.log");
            start(work, registry, log2);
            List<BuildResult> rebuilt = results(from, Set.of(slow.planId()), 1, Duration.ofSeconds(90));
            assertEquals(1, rebuilt.size(), "built by the next start: " + tail(log2));
            assertTrue(KafkaProbe.awaitCommitted("image-builder", Map.of(tp, sent.offset() + 1), Duration.ofSeconds(30)));
            assertEquals(1, results(from, Set.of(slow.planId()), 2, Duration.ofSeconds(2)).size(), "built once");
            assertEquals(BuildStatus.SUCCEEDED, rebuilt.get(0).status(), rebuilt.get(0).error());
        }
    }

    private Process start(Path work, LocalRegistry registry, Path log) throws IOException {
        Path logback = Path.of("target/classes/logback.xml").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + logback,
                "-Dkafka.bootstrap.servers=" + KafkaProbe.bootstrap(),
                "-Dtagline.builder.instance-id=failover-it",
                "-Dtagline.builder.shutdown-grace=2s",
                "-Dtagline.topics.create=false",
                "-Dmicronaut.server.port=-1",
                "-Dbuilder.cache-dir=" + work.resolve("cache"),
                "-Dbuilder.insecure-registries=" + registry.hostPort(),
                "dev.tagline.builder.Application");
        pb.environment().put("TAGLINE_LOG_FORMAT", "text");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private static List<BuildResult> results(Map<TopicPartition, Long> from, Set<String> planIds, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(Topics.BUILD_RESULTS_NAME, from,
                r -> planIds.contains(Topics.BUILD_RESULTS.decode(r.value()).planId()), count, timeout);
        return records.stream().map(r -> Topics.BUILD_RESULTS.decode(r.value())).toList();
    }

    /** Time from {@code since} until a line containing {@code text} shows up in the log (polled every 20 ms). */
    private static Duration awaitLine(Path log, String text, Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.contains(text))) {
                return Duration.between(since, Instant.now());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' in the log after " + timeout + ": " + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
