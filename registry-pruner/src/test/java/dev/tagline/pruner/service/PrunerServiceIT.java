package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.TestImagesAccess;
import dev.tagline.pruner.history.PushHistory;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.KafkaBroker;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.KafkaTest;
import dev.tagline.testkit.LocalRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service on the real broker and the real registry: build results (push times) come in, a debounced
 * run prunes the repository, and one audit per decision lands on {@code registry.prune-audit}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrunerServiceIT implements KafkaTest {
    private static final RepositoryId SOURCE = RepositoryId.of("github.com/acme/svc");
    private final LocalRegistry registry = LocalRegistry.shared();
    private final ImageRepository image = ImageRepository.of(registry.hostPort(), "acme/svc-" + UUID.randomUUID().toString().substring(0, 8));
    private final ImageRepository prs = ImageRepository.of(registry.hostPort(), "acme/prs-" + UUID.randomUUID().toString().substring(0, 8));
    private final ImageRepository deployed = ImageRepository.of(registry.hostPort(), "acme/deployed-" + UUID.randomUUID().toString().substring(0, 8));

    @jakarta.inject.Inject
    InventoryListener inventoryListener;

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @jakarta.inject.Inject
    @io.micronaut.http.client.annotation.Client("/")
    io.micronaut.http.client.HttpClient http;
    private final RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build();

    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("policies");
            Files.writeString(dir.resolve("svc.yaml"), """
                    images: [%s, %s, %s]
                    retention:
                      candidates: ["sha-*"]
                      keepWithin: 1d
                      gracePeriod: 0s
                    """.formatted(image.value(), deployed.value(), prs.value()));
            KafkaProbe.createTopics(1, "deploy.inventory");
            Map<String, String> p = new HashMap<>(kafkaProperties());
            p.put("tagline.pruner.policy-dir", dir.toString());
            p.put("tagline.pruner.debounce", "300ms");
            p.put("tagline.pruner.apply", "true");
            p.put("tagline.pruner.insecure-registries", registry.hostPort());
            p.put("tagline.pruner.inventory-topic", "deploy.inventory");
            return p;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void close() {
        client.close();
    }

    private BuildResult built(String variant, Digest digest, Instant finishedAt, String... tags) {
        return built(image, variant, digest, finishedAt, tags);
    }

    private BuildResult built(ImageRepository image, String variant, Digest digest, Instant finishedAt, String... tags) {
        String planId = "plan-" + variant + "-" + image.name();
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(planId, variant), planId, "event-" + variant,
                SOURCE, CommitSha.parse("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"), variant, BuildStatus.SUCCEEDED, digest,
                "application/vnd.oci.image.manifest.v1+json", List.of(),
                List.of(new PushedTags(image, List.of(tags).stream().map(ImageTag::parse).toList())), List.of(),
                10, 0, null, null, finishedAt.minusSeconds(5), finishedAt);
    }

    /** An audit record of {@code image} that is an outcome (or a dry run's decision), not an applied run's intent. */
    private static boolean outcomeOf(ConsumerRecord<byte[], byte[]> r, ImageRepository image) {
        PruneAudit a = Topics.PRUNE_AUDIT.decode(r.value());
        return a.image().equals(image) && !a.intent();
    }

    @Test
    void buildResultsTriggerADebouncedRunThatAuditsEveryDecisionOnTheBroker() throws Exception {
        Instant now = Instant.now();
        Digest release = TestImagesAccess.pushTagged(client, image, "svc-release", "sha-aaaaaaa", "1.0.0");
        Digest old = TestImagesAccess.pushTagged(client, image, "svc-old", "sha-bbbbbbb");
        Digest fresh = TestImagesAccess.pushTagged(client, image, "svc-fresh", "sha-ccccccc");
        for (BuildResult r : List.of(built("release", release, now.minus(Duration.ofDays(10)), "sha-aaaaaaa", "1.0.0"),
                built("old", old, now.minus(Duration.ofDays(10)), "sha-bbbbbbb"),
                built("fresh", fresh, now.minus(Duration.ofMinutes(5)), "sha-ccccccc"))) {
            KafkaProbe.send(Topics.BUILD_RESULTS_NAME, SOURCE.value(), Topics.BUILD_RESULTS.encode(r));
        }

        List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                r -> outcomeOf(r, image), 7, Duration.ofSeconds(60));

        assertEquals(7, records.size(), "4 tags + 3 digests");
        List<PruneAudit> intents = KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                r -> Topics.PRUNE_AUDIT.decode(r.value()).image().equals(image) && Topics.PRUNE_AUDIT.decode(r.value()).intent(), 10,
                Duration.ofSeconds(2)).stream().map(r -> Topics.PRUNE_AUDIT.decode(r.value())).toList();
        assertEquals(Set.of("sha-bbbbbbb", "-"), intents.stream().map(a -> a.tag() == null ? "-" : a.tag().value()).collect(
                java.util.stream.Collectors.toSet()), "the deletions, written before acting: " + intents);
        List<PruneAudit> audits = records.stream().map(r -> Topics.PRUNE_AUDIT.decode(r.value())).toList();
        assertEquals(1, audits.stream().map(PruneAudit::runId).distinct().count());
        assertTrue(records.stream().allMatch(r -> new String(r.key(), StandardCharsets.UTF_8).equals(SOURCE.value())), "keyed by the source repository");
        PruneAudit oldTag = audits.stream().filter(a -> a.tag() != null && a.tag().value().equals("sha-bbbbbbb")).findFirst().orElseThrow();
        assertEquals(PruneDecision.DELETED, oldTag.decision());
        assertFalse(oldTag.dryRun());
        assertEquals(Boolean.FALSE, oldTag.presentAfter());
        assertEquals(old, oldTag.resolvedBefore());
        PruneAudit freshTag = audits.stream().filter(a -> a.tag() != null && a.tag().value().equals("sha-ccccccc")).findFirst().orElseThrow();
        assertEquals(PruneDecision.KEPT, freshTag.decision());
        assertEquals("keep-within:1d", freshTag.rule());
        assertTrue(freshTag.reason().startsWith("pushed 5m ago"), "age from tagline's own push event: " + freshTag.reason());
        PruneAudit shared = audits.stream().filter(a -> a.tag() != null && a.tag().value().equals("sha-aaaaaaa")).findFirst().orElseThrow();
        assertEquals(PruneDecision.SKIPPED, shared.decision());
        assertTrue(client.resolve(image, ImageTag.parse("1.0.0")).isPresent());
        assertFalse(client.resolve(image, ImageTag.parse("sha-bbbbbbb")).isPresent());

        assertTrue(meters.find("tagline.pruner.runs").tag("trigger", "build-results").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
        assertTrue(meters.find("tagline.pruner.deleted").tag("kind", "digest").counter().count() >= 1);

        PushHistory rebuilt = new PushHistory();
        int read = PushHistoryLoader.read(KafkaBroker.shared().bootstrapServers(), rebuilt, Duration.ofSeconds(30), null).count();
        assertTrue(read >= 3);
        assertNotNull(rebuilt.tagPushedAt(image, ImageTag.parse("sha-ccccccc"), fresh), "the history is rebuilt from the topic");
    }

    @Test
    void aDigestListedOnTheInventoryTopicIsNeverDeleted() throws Exception {
        Digest running = TestImagesAccess.pushTagged(client, deployed, "deployed-running", "sha-ddddddd");
        Digest idle = TestImagesAccess.pushTagged(client, deployed, "deployed-idle", "sha-eeeeeee");
        KafkaProbe.send("deploy.inventory", "cluster-a", ("prod/shop " + deployed.withDigest(running)).getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!inventoryListener.inventory().contains(running) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(inventoryListener.inventory().contains(running), "the inventory topic was read");
        Instant old = Instant.now().minus(Duration.ofDays(30));
        KafkaProbe.send(Topics.BUILD_RESULTS_NAME, SOURCE.value(), Topics.BUILD_RESULTS.encode(built(deployed, "running", running, old, "sha-ddddddd")));
        KafkaProbe.send(Topics.BUILD_RESULTS_NAME, SOURCE.value(), Topics.BUILD_RESULTS.encode(built(deployed, "idle", idle, old, "sha-eeeeeee")));

        List<PruneAudit> audits = KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                r -> outcomeOf(r, deployed), 4, Duration.ofSeconds(60))
                .stream().map(r -> Topics.PRUNE_AUDIT.decode(r.value())).toList();

        assertEquals(4, audits.size());
        PruneAudit runningDigest = audits.stream().filter(a -> a.tag() == null && a.digest().equals(running)).findFirst().orElseThrow();
        assertEquals(PruneDecision.KEPT, runningDigest.decision());
        assertEquals("inventory", runningDigest.rule());
        assertTrue(client.resolve(deployed, running).isPresent());
        assertFalse(client.resolve(deployed, idle).isPresent());
    }

    @Test
    void aClosedPullRequestMakesItsTagsCandidates() throws Exception {
        Digest pr = TestImagesAccess.pushTagged(client, prs, "pr-7-image", "pr-7");
        Instant old = Instant.now().minus(Duration.ofDays(5));
        KafkaProbe.send(Topics.BUILD_RESULTS_NAME, SOURCE.value(), Topics.BUILD_RESULTS.encode(built(prs, "pr7", pr, old, "pr-7")));
        // the build-results run keeps pr-7: it matches no candidate pattern while the pull request is open
        List<PruneAudit> first = KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                r -> outcomeOf(r, prs), 2, Duration.ofSeconds(60))
                .stream().map(r -> Topics.PRUNE_AUDIT.decode(r.value())).toList();
        assertEquals(2, first.size());
        assertTrue(first.stream().allMatch(a -> a.decision() == PruneDecision.KEPT), first.toString());

        RefEvent closed = RefEvent.create(SOURCE, "https://github.com/acme/svc.git", GitRef.parse("refs/pull/7/head"), RefChange.DELETED,
                CommitSha.parse("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"), null, null, EventSource.GITHUB, "delivery-7", Instant.now(),
                "main", "main", null);
        KafkaProbe.send(Topics.REF_EVENTS_NAME, SOURCE.value(), Topics.REF_EVENTS.encode(closed));

        List<PruneAudit> all = KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                r -> outcomeOf(r, prs), 4, Duration.ofSeconds(60))
                .stream().map(r -> Topics.PRUNE_AUDIT.decode(r.value())).toList();
        assertEquals(4, all.size());
        assertEquals(PruneDecision.DELETED, all.stream().filter(a -> a.tag() != null && !a.runId().equals(first.get(0).runId())).findFirst().orElseThrow().decision());
        assertFalse(client.resolve(prs, ImageTag.parse("pr-7")).isPresent());
    }

    @Test
    void healthAndPrometheusAreServed() throws InterruptedException {
        String health = http.toBlocking().retrieve("/health");
        assertTrue(health.contains("UP"), health);
        String metrics = http.toBlocking().retrieve("/prometheus");
        assertTrue(metrics.contains("tagline_pruner"), "the pruner's own meters are exported");
        // a Kafka client metric at two levels, the consumer's and its broker connections' (KafkaClientMeters): Prometheus
        // refused whichever level registered second when both had one name. A connection's meters appear once it is made.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!metrics.contains("kafka_consumer_node_request_total") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            metrics = http.toBlocking().retrieve("/prometheus");
        }
        assertTrue(metrics.contains("kafka_consumer_request_total"), "the consumers' own request counts are exported");
        assertTrue(metrics.contains("kafka_consumer_node_request_total"), "their connections' request counts are exported");
    }

}
