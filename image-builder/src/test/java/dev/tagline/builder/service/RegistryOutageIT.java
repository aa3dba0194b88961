package dev.tagline.builder.service;

import dev.tagline.builder.support.ServiceProperties;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.KafkaTest;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import dev.tagline.registry.RegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry goes away for longer than the old three attempts (~10 s) and comes back on the same
 * port with the same storage: the plans of that repository wait (their partition paused, nothing
 * committed), are built in order once it is back, with one SUCCEEDED result each and no FAILED one;
 * meanwhile another repository's plan, on another partition and registry, is built.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryOutageIT implements KafkaTest {
    private static final Instant T1 = Instant.parse("2026-07-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-07-02T10:00:00Z");
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final String REPO_A = "example.com/outage/a";

    private final LocalRegistry flaky = LocalRegistry.start();
    private final LocalRegistry steady = LocalRegistry.shared();

    @Inject
    MeterRegistry meters;
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = ServiceProperties.builder(kafkaProperties(), flaky.hostPort() + "," + steady.hostPort());
        p.put("tagline.builder.retry.max-duration", "10m");
        p.put("tagline.builder.retry.initial-backoff", "500ms");
        p.put("tagline.builder.retry.max-backoff", "2s");
        return p;
    }

    @AfterAll
    void stopRegistry() {
        flaky.close();
    }

    @Test
    void plansWaitForTheRegistryInOrderWithoutBlockingOtherRepositories() throws Exception {
        KafkaProbe.createTopics(2, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME);
        int partitions = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME).size();
        String repoB = otherPartitionThan(REPO_A, partitions);
        Path dir = Files.createTempDirectory("builder-outage-repo");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try (TestRepo git = GitRepos.create(dir)) {
            String c1 = git.commitAt("one", Map.of("app/run.sh", "#!/bin/sh\necho one\n"), T1);
            String c2 = git.commitAt("two", Map.of("app/run.sh", "#!/bin/sh\necho two\n"), T2);
            String imageA = flaky.hostPort() + "/outage/a";
            String suffix = Long.toString(System.nanoTime());
            TagPlan a1 = plan(REPO_A, "outage-a1-" + suffix, git.uri(), c1, T1, false,
                    appVariant(imageA, "1.0.0", "sha-" + c1.substring(0, 7), "stable"));
            TagPlan a2 = plan(REPO_A, "outage-a2-" + suffix, git.uri(), c2, T2, false,
                    appVariant(imageA, "1.1.0", "sha-" + c2.substring(0, 7), "stable"));
            TagPlan b1 = plan(repoB, "outage-b1-" + suffix, git.uri(), c1, T1, false,
                    appVariant(steady.hostPort() + "/outage/b", "1.0.0", "stable"));
            Set<String> planIds = Set.of(a1.planId(), a2.planId(), b1.planId());
            Map<TopicPartition, Long> resultsFrom = KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME);

            flaky.stop();
            Instant down = Instant.now();
            KafkaProbe.send(Topics.TAG_PLANS_NAME, a1.partitionKey(), Topics.TAG_PLANS.encode(a1));
            KafkaProbe.send(Topics.TAG_PLANS_NAME, a2.partitionKey(), Topics.TAG_PLANS.encode(a2));
            KafkaProbe.send(Topics.TAG_PLANS_NAME, b1.partitionKey(), Topics.TAG_PLANS.encode(b1));
            Map<TopicPartition, Long> plansEnd = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);

            // the other repository is built while the registry of the first is down
            List<BuildResult> duringOutage = results(resultsFrom, planIds, 1, Duration.ofSeconds(60));
            assertEquals(List.of(b1.planId()), duringOutage.stream().map(BuildResult::planId).toList(), "only B while A's registry is down");
            assertEquals(BuildStatus.SUCCEEDED, duringOutage.get(0).status(), duringOutage.get(0).error());

            awaitRetries(Duration.ofSeconds(30));
            warmUp(http);
            HttpResponse<String> readiness = get(http, "/health/readiness");
            assertEquals(503, readiness.statusCode(), "readiness is DOWN while a plan waits on the registry: " + readiness.body());
            assertTrue(readiness.body().contains("registry_unreachable"), readiness.body());
            assertTrue(readiness.body().contains(a1.planId()), "the waiting plan is named: " + readiness.body());
            assertEquals(200, get(http, "/health/liveness").statusCode(), "liveness stays UP");
            assertTrue(meters.find("tagline.builder.plans.waiting.retry").gauge().value() >= 1);

            Duration left = OUTAGE.minus(Duration.between(down, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
            assertTrue(results(resultsFrom, Set.of(a1.planId(), a2.planId()), 1, Duration.ofMillis(500)).isEmpty(),
                    "nothing of A is published while its registry is down");
            Map<TopicPartition, Long> committed = KafkaProbe.committedOffsets("image-builder", Topics.TAG_PLANS_NAME);
            TopicPartition pa = new TopicPartition(Topics.TAG_PLANS_NAME, partitionOf(REPO_A, partitions));
            assertTrue(committed.getOrDefault(pa, 0L) < plansEnd.get(pa) - 1, "A's plans are not committed: " + committed);

            flaky.restart();
            Instant up = Instant.now();
            List<BuildResult> all = results(resultsFrom, planIds, 3, Duration.ofSeconds(60));
            Duration recovery = Duration.between(up, Instant.now());
            System.out.println("registry outage: A's two plans published " + recovery.toMillis() + " ms after the registry came back");
            assertEquals(3, all.size(), "one result per plan: " + all);
            assertTrue(all.stream().allMatch(r -> r.status() == BuildStatus.SUCCEEDED), "no FAILED result: " + all);
            List<String> order = all.stream().map(BuildResult::planId).filter(id -> !id.equals(b1.planId())).toList();
            assertEquals(List.of(a1.planId(), a2.planId()), order, "the later plan of A did not overtake the earlier one");
            BuildResult r1 = all.stream().filter(r -> r.planId().equals(a1.planId())).findFirst().orElseThrow();
            BuildResult r2 = all.stream().filter(r -> r.planId().equals(a2.planId())).findFirst().orElseThrow();
            assertNotEquals(r1.digest(), r2.digest());

            try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(flaky.hostPort())).build()) {
                ImageRepository repo = ImageRepository.parse(imageA);
                assertEquals(r1.digest(), digestOf(client, repo, "1.0.0"));
                assertEquals(r1.digest(), digestOf(client, repo, "sha-" + c1.substring(0, 7)));
                assertEquals(r2.digest(), digestOf(client, repo, "1.1.0"));
                assertEquals(r2.digest(), digestOf(client, repo, "sha-" + c2.substring(0, 7)));
                assertEquals(r2.digest(), digestOf(client, repo, "stable"), "the channel tag ends at the later plan's image");
            }
            assertTrue(KafkaProbe.awaitCommitted("image-builder", plansEnd, Duration.ofSeconds(30)), "every plan committed");
            assertTrue(awaitStatus(http, "/health/readiness", 200, Duration.ofSeconds(15)), "readiness UP again");
            assertTrue(meters.find("tagline.builder.retries").tag("cause", "registry_unreachable").counter().count() > 0);
        }
    }

    @Test
    void aRedeliveredPlanChangesNothing() throws Exception {
        KafkaProbe.createTopics(2, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME);
        Path dir = Files.createTempDirectory("builder-redelivery-repo");
        try (TestRepo git = GitRepos.create(dir)) {
            String sha = git.commitAt("one", Map.of("app/run.sh", "#!/bin/sh\necho again\n"), T1);
            String image = steady.hostPort() + "/redelivery/app";
            TagPlan p = plan("example.com/redelivery/app", "redelivery-" + System.nanoTime(), git.uri(), sha, T1, false,
                    appVariant(image, "2.0.0", "stable"));
            Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME);

            KafkaProbe.send(Topics.TAG_PLANS_NAME, p.partitionKey(), Topics.TAG_PLANS.encode(p));
            List<BuildResult> first = results(from, Set.of(p.planId()), 1, Duration.ofSeconds(60));
            assertEquals(1, first.size());
            KafkaProbe.send(Topics.TAG_PLANS_NAME, p.partitionKey(), Topics.TAG_PLANS.encode(p)); // the same record again
            List<BuildResult> both = results(from, Set.of(p.planId()), 2, Duration.ofSeconds(60));
            assertEquals(2, both.size());

            BuildResult a = both.get(0);
            BuildResult b = both.get(1);
            assertEquals(BuildStatus.SUCCEEDED, b.status(), b.error());
            assertEquals(a.resultId(), b.resultId(), "same result id: consumers see one result");
            assertEquals(a.digest(), b.digest());
            assertEquals(List.of(), b.tagsWritten(), "no tag moved");
            assertEquals(0, b.bytesUploaded(), "nothing uploaded");
            try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(steady.hostPort())).build()) {
                assertEquals(a.digest(), digestOf(client, ImageRepository.parse(image), "stable"));
            }
        }
    }

    private static VariantPlan appVariant(String image, String... tags) {
        return variant("base", image, tags(tags), List.of("linux/amd64"),
                appRecipe(), Map.of(), Map.of());
    }

    private void awaitRetries(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var c = meters.find("tagline.builder.retries").tag("cause", "registry_unreachable").counter();
            if (c != null && c.count() > 0 && meters.find("tagline.builder.plans.waiting.retry").gauge().value() >= 1) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no plan is waiting on a retry after " + timeout);
    }

    /** The first request of a fresh server loads the HTTP stack (over 1 s on a busy machine): not what is measured. */
    private void warmUp(HttpClient http) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, path + " answered in " + ms + " ms");
        return r;
    }

    private boolean awaitStatus(HttpClient http, String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(http, path).statusCode() == status) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static List<BuildResult> results(Map<TopicPartition, Long> from, Set<String> planIds, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(Topics.BUILD_RESULTS_NAME, from,
                r -> planIds.contains(Topics.BUILD_RESULTS.decode(r.value()).planId()), count, timeout);
        // the same partition keeps publication order; A's results share one key, so one partition
        return records.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord::timestamp))
                .map(r -> Topics.BUILD_RESULTS.decode(r.value())).toList();
    }

    private static Digest digestOf(RegistryClient client, ImageRepository repo, String tag) throws Exception {
        return client.resolve(repo, ImageTag.parse(tag)).orElseThrow(() -> new AssertionError("no tag " + tag)).digest();
    }

    /** The default partitioner's choice for a key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static String otherPartitionThan(String key, int partitions) {
        int taken = partitionOf(key, partitions);
        for (int i = 0; i < 100; i++) {
            String candidate = "example.com/outage/b" + i;
            if (partitionOf(candidate, partitions) != taken) {
                return candidate;
            }
        }
        throw new IllegalStateException("no key on another partition than " + key);
    }
}
