package dev.tagline.builder.service;

import dev.tagline.builder.support.ServiceProperties;
import dev.tagline.builder.support.Skopeo;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.KafkaTest;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.command;
import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder as a service: plans from the real broker, images to the real registry, results back to Kafka. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildServiceIT implements KafkaTest {
    private static final Instant COMMIT_TIME = Instant.parse("2026-06-07T08:09:10Z");
    private static final LocalRegistry REGISTRY = LocalRegistry.shared();

    @Inject
    MeterRegistry meters;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = ServiceProperties.builder(kafkaProperties(), REGISTRY.hostPort());
        p.put("tagline.builder.retry-backoff", "100ms");
        p.put("micronaut.server.port", "-1");
        p.put("endpoints.all.port", "-1");
        return p;
    }

    @Test
    void failedPlansBecomeFailedResultsAndTheNextPlanIsStillBuilt() throws Exception {
        String host = REGISTRY.hostPort();
        Path dir = Files.createTempDirectory("builder-service-repo");
        try (TestRepo repo = GitRepos.create(dir)) {
            String sha = repo.commitAt("release", Map.of("app/run.sh", "#!/bin/sh\n", "slim/run.sh", "#!/bin/sh\n"), COMMIT_TIME);
            VariantPlan failing = variant("base", host + "/svc/failing", tags("1.0.0"), List.of("linux/amd64"),
                    appRecipe(command("sh", "-c", "echo boom; exit 1")),
                    Map.of(), Map.of());
            VariantPlan noBase = variant("base", host + "/svc/nobase", tags("1.0.0"), List.of("linux/amd64"),
                    recipe(host + "/svc/missing-base:1", List.of(layer("app", "app", "/app")), null, entrypoint("/app/run.sh")),
                    Map.of(), Map.of());
            VariantPlan base = variant("base", host + "/svc/good", tags("1.0.0", "latest"), List.of("linux/amd64"),
                    appRecipe(), Map.of(), Map.of());
            VariantPlan slim = variant("slim", host + "/svc/good", tags("1.0.0-slim", "latest-slim"), List.of("linux/amd64", "linux/arm64"),
                    recipe(null, List.of(layer("app", "slim", "/app")), null, entrypoint("/app/run.sh")), Map.of(), Map.of());
            TagPlan p1 = plan("svc-e1-" + System.nanoTime(), repo.uri(), sha, COMMIT_TIME, false, failing);
            TagPlan p2 = plan("svc-e2-" + System.nanoTime(), repo.uri(), sha, COMMIT_TIME, false, noBase);
            TagPlan p3 = plan("svc-e3-" + System.nanoTime(), repo.uri(), sha, COMMIT_TIME, false, base, slim);
            Set<String> planIds = Set.of(p1.planId(), p2.planId(), p3.planId());

            KafkaProbe.createTopics(6, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME);
            Map<TopicPartition, Long> resultsFrom = KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME);
            for (TagPlan p : List.of(p1, p2, p3)) {
                KafkaProbe.send(Topics.TAG_PLANS_NAME, p.partitionKey(), Topics.TAG_PLANS.encode(p));
            }
            Map<TopicPartition, Long> plansEnd = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);

            List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(Topics.BUILD_RESULTS_NAME, resultsFrom,
                    r -> planIds.contains(Topics.BUILD_RESULTS.decode(r.value()).planId()), 4, Duration.ofSeconds(90));
            List<BuildResult> results = records.stream().map(r -> Topics.BUILD_RESULTS.decode(r.value())).toList();
            Map<String, BuildResult> byPlanVariant = results.stream()
                    .collect(Collectors.toMap(r -> r.planId() + "/" + r.variant(), r -> r));

            assertEquals(4, results.size(), "one result per plan and variant: " + results);
            assertEquals(BuildStatus.FAILED, byPlanVariant.get(p1.planId() + "/base").status());
            assertTrue(byPlanVariant.get(p1.planId() + "/base").error().contains("boom"));
            assertEquals(BuildStatus.FAILED, byPlanVariant.get(p2.planId() + "/base").status());
            assertTrue(byPlanVariant.get(p2.planId() + "/base").error().contains("not found"));
            BuildResult good = byPlanVariant.get(p3.planId() + "/base");
            BuildResult goodSlim = byPlanVariant.get(p3.planId() + "/slim");
            assertEquals(BuildStatus.SUCCEEDED, good.status(), good.error());
            assertEquals(BuildStatus.SUCCEEDED, goodSlim.status(), goodSlim.error());
            assertEquals(p3.repository().value(), new String(records.get(0).key(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(good.digest().value(), Skopeo.inspect(host + "/svc/good:latest").path("Digest").asText());
            assertEquals(goodSlim.digest().value(), Skopeo.inspect(host + "/svc/good:latest-slim").path("Digest").asText());

            assertTrue(KafkaProbe.awaitCommitted("image-builder", plansEnd, Duration.ofSeconds(30)), "every plan acknowledged");
            assertTrue(meters.find("tagline.builder.variants").tag("status", "FAILED").counter().count() >= 2);
            assertTrue(meters.find("tagline.builder.uploaded").counter().count() > 0);
        }
    }

    @Test
    void plansOfOneRepositoryBuildAtOnceButTheirTagsMoveInPlanOrder() throws Exception {
        String host = REGISTRY.hostPort();
        String image = host + "/svc/ordered";
        Path dir = Files.createTempDirectory("builder-service-ordered");
        try (TestRepo repo = GitRepos.create(dir)) {
            List<TagPlan> plans = new java.util.ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String sha = repo.commitAt("release " + i, Map.of("app/run.sh", "#!/bin/sh\necho " + i + "\n"), COMMIT_TIME.plusSeconds(i));
                // the first plan is the slowest: it finishes its build after the others
                VariantPlan v = variant("base", image, tags("1.0." + i, "latest"), List.of("linux/amd64"),
                        appRecipe(i == 1 ? command("sh", "-c", "sleep 3") : null), Map.of(), Map.of());
                plans.add(dev.tagline.builder.support.Plans.withVersion(
                        plan("ordered-" + i + "-" + System.nanoTime(), repo.uri(), sha, COMMIT_TIME.plusSeconds(i), false, v), "1.0." + i));
            }
            Set<String> planIds = plans.stream().map(TagPlan::planId).collect(Collectors.toSet());
            KafkaProbe.createTopics(6, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME);
            Map<TopicPartition, Long> resultsFrom = KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME);
            for (TagPlan p : plans) {
                KafkaProbe.send(Topics.TAG_PLANS_NAME, p.partitionKey(), Topics.TAG_PLANS.encode(p));
            }
            Map<TopicPartition, Long> plansEnd = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);

            List<BuildResult> results = KafkaProbe.poll(Topics.BUILD_RESULTS_NAME, resultsFrom,
                    r -> planIds.contains(Topics.BUILD_RESULTS.decode(r.value()).planId()), 4, Duration.ofSeconds(120))
                    .stream().map(r -> Topics.BUILD_RESULTS.decode(r.value())).toList();

            assertEquals(plans.stream().map(TagPlan::planId).toList(), results.stream().map(BuildResult::planId).toList(),
                    "results are published in plan order");
            results.forEach(r -> assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error()));
            assertTrue(results.get(3).startedAt().isBefore(results.get(0).finishedAt()),
                    "a later plan of the repository started while the first was building: " + results);
            assertEquals(results.get(3).digest().value(), Skopeo.inspect(image + ":latest").path("Digest").asText(),
                    "latest is the last plan's, although the first plan finished building last");
            for (int i = 0; i < 4; i++) {
                assertEquals(results.get(i).digest().value(), Skopeo.inspect(image + ":1.0." + (i + 1)).path("Digest").asText());
            }
            assertTrue(KafkaProbe.awaitCommitted("image-builder", plansEnd, Duration.ofSeconds(30)), "every plan acknowledged");
        }
    }
}
