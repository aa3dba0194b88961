package dev.tagline.builder.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.builder.support.BuilderProcesses;
import dev.tagline.builder.support.ProcessStage;
import dev.tagline.testkit.KafkaProbe;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.tagline.builder.support.BuilderProcesses.awaitLine;
import static dev.tagline.builder.support.BuilderProcesses.results;
import static dev.tagline.builder.support.BuilderProcesses.tail;
import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.command;
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

    @RegisterExtension
    final BuilderProcesses builders = new BuilderProcesses();

    @Test
    void sigtermDuringABuildLeavesThePlanUncommittedAndTheNextStartBuildsItOnce() throws Exception {
        try (ProcessStage stage = ProcessStage.create("builder-shutdown", T)) {
            TagPlan slow = stage.plan("example.com/shutdown/app", "shutdown-" + System.nanoTime(),
                    variant("base", stage.image("shutdown/app"), tags("1.0.0"), List.of("linux/amd64"),
                            appRecipe(command("sh", "-c", "sleep 8")), Map.of(), Map.of()));
            Map<TopicPartition, Long> from = stage.resultsFrom();

            Path log1 = stage.log(1);
            Process one = builders.start(stage, log1, "tagline.builder.shutdown-grace=2s");
            var sent = ProcessStage.send(slow);
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

            Path log2 = stage.log(2);
            builders.start(stage, log2, "tagline.builder.shutdown-grace=2s");
            List<BuildResult> rebuilt = results(from, Set.of(slow.planId()), 1, Duration.ofSeconds(90));
            assertEquals(1, rebuilt.size(), "built by the next start: " + tail(log2));
            assertTrue(KafkaProbe.awaitCommitted("image-builder", Map.of(tp, sent.offset() + 1), Duration.ofSeconds(30)));
            assertEquals(1, results(from, Set.of(slow.planId()), 2, Duration.ofSeconds(2)).size(), "built once");
            assertEquals(BuildStatus.SUCCEEDED, rebuilt.get(0).status(), rebuilt.get(0).error());
        }
    }




}
