package dev.tagline.builder.service;

import dev.tagline.builder.support.BuilderProcesses;
import dev.tagline.builder.support.ProcessStage;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.KafkaProbe;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tagline.builder.support.BuilderProcesses.awaitLine;
import static dev.tagline.builder.support.BuilderProcesses.results;
import static dev.tagline.builder.support.BuilderProcesses.resultsIncludingUncommitted;
import static dev.tagline.builder.support.BuilderProcesses.tail;
import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.command;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan's results and its offset are one Kafka transaction: {@code kill -9} of a real builder process
 * after it published a plan's results and before it committed, or at random points while plans flow,
 * then a restart with the same instance id: every plan has exactly one result per variant for a
 * {@code read_committed} reader (what registry-pruner and the fault suite read).
 */
class ExactlyOnceIT {
    private static final Instant T = Instant.parse("2026-08-03T10:00:00Z");

    @RegisterExtension
    final BuilderProcesses builders = new BuilderProcesses();

    @Test
    void aKillBetweenPublishingAndCommittingLeavesOneResultPerVariant() throws Exception {
        try (ProcessStage stage = ProcessStage.create("builder-exactly-once", T)) {
            TagPlan plan = stage.plan("example.com/eos/app", "eos-held-" + System.nanoTime(),
                    app("base", stage.image("eos/app"), "1.0.0", false),
                    app("slim", stage.image("eos/app-slim"), "1.0.0", false));
            Map<TopicPartition, Long> from = stage.resultsFrom();

            Path log1 = stage.log(1);
            Process one = builders.start(stage, log1, "tagline.builder.fault.hold-before-commit=120s");
            RecordMetadata sent = ProcessStage.send(plan);
            TopicPartition tp = new TopicPartition(Topics.TAG_PLANS_NAME, sent.partition());
            awaitLine(log1, "fault injection: 2 records", Instant.now(), Duration.ofSeconds(120));

            one.destroyForcibly().waitFor();
            List<BuildResult> written = resultsIncludingUncommitted(from, Set.of(plan.planId()));
            assertEquals(2, written.size(), "both results were on the log (uncommitted) when the builder died: " + tail(log1));
            assertTrue(results(from, Set.of(plan.planId()), 1, Duration.ofSeconds(2)).isEmpty(),
                    "a read_committed reader sees none of them");
            assertTrue(KafkaProbe.committedOffsets(KafkaProperties.GROUP, Topics.TAG_PLANS_NAME).getOrDefault(tp, 0L) <= sent.offset(),
                    "the plan's offset is not committed");

            Instant restart = Instant.now();
            Path log2 = stage.log(2);
            builders.start(stage, log2);
            List<BuildResult> committed = results(from, Set.of(plan.planId()), 2, Duration.ofSeconds(120));
            System.out.printf("exactly once: killed between publishing and committing; after the restart the plan's results were"
                    + " committed in %d ms%n", Duration.between(restart, Instant.now()).toMillis());
            assertEquals(2, committed.size(), "rebuilt and published by the restarted instance: " + tail(log2));
            assertTrue(KafkaProbe.awaitCommitted(KafkaProperties.GROUP, Map.of(tp, sent.offset() + 1), Duration.ofSeconds(30)));
            List<BuildResult> all = results(from, Set.of(plan.planId()), 3, Duration.ofSeconds(3));
            assertEquals(Map.of("base", 1L, "slim", 1L), countByVariant(all), "one committed result per variant");
            assertTrue(all.stream().allMatch(r -> r.status() == BuildStatus.SUCCEEDED), all.toString());
            assertEquals(written.stream().map(BuildResult::digest).toList(), all.stream().map(BuildResult::digest).toList(),
                    "the rebuild gives the same digests");
        }
    }

    @Test
    void killsAtRandomPointsLeaveExactlyOneResultPerPlanAndVariant() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (ProcessStage stage = ProcessStage.create("builder-random-kills", T)) {
            List<TagPlan> plans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String repo = "example.com/eos/random-" + (i % 3);
                plans.add(stage.plan(repo, "eos-random-" + i + "-" + seed,
                        app("base", stage.image("eos/random-" + (i % 3)), "1." + i, i % 2 == 0),
                        app("slim", stage.image("eos/random-" + (i % 3) + "-slim"), "1." + i, false)));
            }
            Set<String> ids = plans.stream().map(TagPlan::planId).collect(Collectors.toSet());
            Map<TopicPartition, Long> from = stage.resultsFrom();

            int kills = 3;
            Path log = stage.log(0);
            Process builder = builders.start(stage, log);
            plans.forEach(ProcessStage::send);
            for (int k = 1; k <= kills; k++) {
                awaitLine(log, "assigned [", Instant.now(), Duration.ofSeconds(120));
                long delay = 200 + random.nextInt(2500);
                Thread.sleep(delay);
                builder.destroyForcibly().waitFor();
                System.out.printf("exactly once: kill %d of %d, %d ms after the partitions were assigned (seed %d)%n", k, kills, delay, seed);
                log = stage.log(k);
                builder = builders.start(stage, log);
            }
            List<BuildResult> committed = results(from, ids, plans.size() * 2, Duration.ofSeconds(180));
            assertEquals(plans.size() * 2, committed.size(), "every plan built after the kills (seed " + seed + "): " + tail(log));
            List<BuildResult> all = results(from, ids, plans.size() * 2 + 1, Duration.ofSeconds(3));
            Map<String, Long> perResult = all.stream().collect(Collectors.groupingBy(r -> r.planId() + "/" + r.variant(), Collectors.counting()));
            assertTrue(perResult.values().stream().allMatch(n -> n == 1), "exactly one result per plan and variant (seed " + seed + "): " + perResult);
            assertEquals(plans.size() * 2, perResult.size());
            assertTrue(all.stream().allMatch(r -> r.status() == BuildStatus.SUCCEEDED), all.toString());
            int uncommitted = resultsIncludingUncommitted(from, ids).size();
            System.out.printf("exactly once: %d kills, %d results committed, %d on the log including aborted transactions%n",
                    kills, all.size(), uncommitted);
        }
    }

    private static Map<String, Long> countByVariant(List<BuildResult> results) {
        return new HashMap<>(results.stream().collect(Collectors.groupingBy(BuildResult::variant, Collectors.counting())));
    }

    private static VariantPlan app(String name, String image, String tag, boolean slowBuild) {
        return variant(name, image, tags(tag), List.of("linux/amd64"), appRecipe(slowBuild ? command("sh", "-c", "sleep 1") : null),
                Map.of(), Map.of());
    }
}
