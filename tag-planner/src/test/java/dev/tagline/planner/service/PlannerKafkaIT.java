package dev.tagline.planner.service;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.Schedule;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.topic.DeadLetterHeaders;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.KafkaTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The five example policies through the real broker: a ref event in on {@code git.ref-events}, the
 * tag plan out on {@code image.tag-plans}, keyed by repository, written once, offsets committed in
 * the same transaction. Then backport, prerelease and retraction, the dead letter for a repository
 * without a policy, (the history across restarts is PlannerStreamsIT's).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlannerKafkaIT implements KafkaTest {
    @Override
    public Map<String, String> getProperties() {
        return PlannerStreamsIT.properties(kafkaProperties());
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger COMMITS = new AtomicInteger(1000);

    @Inject
    PolicyStore policies;

    @Inject
    @io.micronaut.http.client.annotation.Client("/")
    io.micronaut.http.client.HttpClient http;

    static String sha() {
        return String.format("%040x", COMMITS.incrementAndGet() * 0x10001L + 0xfeed000000L);
    }

    static RefEvent tagPushed(String repo, String tag, String sha) {
        return RefEvent.create(RepositoryId.of(repo), "https://" + repo + ".git", GitRef.tag(tag), RefChange.CREATED, null, CommitSha.parse(sha),
                Instant.parse("2026-11-20T09:15:00Z"), EventSource.GITHUB, null, Instant.parse("2026-11-20T09:15:03Z"), "main", null, null);
    }

    static RefEvent tagDeleted(String repo, String tag, String sha) {
        return RefEvent.create(RepositoryId.of(repo), "https://" + repo + ".git", GitRef.tag(tag), RefChange.DELETED, CommitSha.parse(sha), null,
                null, EventSource.GITHUB, null, Instant.parse("2026-11-20T10:00:00Z"), "main", null, null);
    }

    static RefEvent branchPushed(String repo, String branch, String sha) {
        return RefEvent.create(RepositoryId.of(repo), "https://" + repo + ".git", GitRef.branch(branch), RefChange.UPDATED, CommitSha.parse(sha()),
                CommitSha.parse(sha), Instant.parse("2026-11-20T09:15:00Z"), EventSource.POLLER, null, Instant.parse("2026-11-20T09:15:03Z"),
                "main", null, null);
    }

    static RefEvent nightly(String repo, String sha) {
        return RefEvent.create(RepositoryId.of(repo), "https://" + repo + ".git", GitRef.branch("main"), RefChange.SCHEDULED, null,
                CommitSha.parse(sha), Instant.parse("2026-11-21T01:00:00Z"), EventSource.SCHEDULE, null, Instant.parse("2026-11-21T02:00:01Z"),
                "main", null, new Schedule("nightly", Instant.parse("2026-11-21T02:00:00Z")));
    }

    /** Sends the event and waits for its plan (by plan id) on image.tag-plans. */
    private TagPlan planFor(RefEvent event) {
        Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
        send(event);
        String planId = TagPlan.idFor(event.eventId(), policies.forRepository(event.repository()).orElseThrow().digest());
        List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(Topics.TAG_PLANS_NAME, from,
                r -> Topics.TAG_PLANS.decode(r.value()).planId().equals(planId), 1, TIMEOUT);
        assertEquals(1, records.size(), "a plan for " + event.ref());
        assertEquals(event.repository().value(), new String(records.get(0).key(), StandardCharsets.UTF_8), "keyed by repository");
        return Topics.TAG_PLANS.decode(records.get(0).value());
    }

    /** Sends the event and waits until the planner committed past it. */
    private RecordMetadata send(RefEvent event) {
        RecordMetadata at = KafkaProbe.send(Topics.REF_EVENTS_NAME, event.repository().value(), Topics.REF_EVENTS.encode(event));
        assertTrue(KafkaProbe.awaitCommitted(PlannerStreamsIT.GROUP, Map.of(new TopicPartition(at.topic(), at.partition()), at.offset() + 1),
                TIMEOUT), "tag-planner committed past " + event.ref());
        return at;
    }

    private static List<String> tags(VariantPlan v) {
        return v.tags().stream().map(ImageTag::value).toList();
    }

    @Test
    @Order(1)
    void semverExample() {
        String sha = sha();
        TagPlan plan = planFor(tagPushed("github.com/acme/shop", "v7.4.2", sha));
        assertEquals(List.of("7.4.2", "7.4", "7", "sha-" + sha.substring(0, 7), "latest"), tags(plan.variants().get(0)));
        assertEquals("registry.acme.dev/acme/shop", plan.variants().get(0).images().get(0).value());
        assertEquals("7.4.2", plan.version());
        assertEquals(sha, plan.commit().value());
        assertEquals("2026-11-20T09:15:00.000Z", plan.variants().get(0).labels().get("org.opencontainers.image.created"));
        assertEquals("eclipse-temurin:17-jre", plan.variants().get(0).recipe().baseImage());
    }

    @Test
    @Order(2)
    void multiArchExample() {
        TagPlan plan = planFor(tagPushed("github.com/acme/agent", "v3.1.0", sha()));
        VariantPlan v = plan.variants().get(0);
        assertEquals(List.of("3.1.0", "3.1", "3", "latest"), tags(v));
        assertEquals(List.of("linux/amd64", "linux/arm64"), v.platforms().stream().map(Object::toString).toList());
    }

    @Test
    @Order(3)
    void channelsExample() {
        String sha = sha();
        TagPlan stable = planFor(branchPushed("github.com/acme/api", "main", sha));
        assertEquals("stable", stable.channel());
        assertEquals(List.of("sha-" + sha.substring(0, 7), "stable"), tags(stable.variants().get(0)));
        TagPlan beta = planFor(branchPushed("github.com/acme/api", "dev", sha()));
        assertEquals("beta", beta.channel());
        String nightlySha = sha();
        TagPlan nightly = planFor(nightly("github.com/acme/api", nightlySha));
        assertEquals("nightly", nightly.channel());
        assertTrue(tags(nightly.variants().get(0)).contains("nightly"));
        assertTrue(tags(nightly.variants().get(0)).stream().anyMatch(t -> t.matches("nightly-\\d{8}")));
    }

    @Test
    @Order(4)
    void variantsExample() {
        TagPlan plan = planFor(tagPushed("github.com/acme/tool", "v0.22.8", sha()));
        assertEquals(List.of("base", "full", "slim"), plan.variants().stream().map(VariantPlan::name).toList());
        assertEquals(List.of("0.22.8", "0.22", "latest"), tags(plan.variants().get(0)));
        assertEquals(List.of("0.22.8-full", "0.22-full", "latest-full"), tags(plan.variants().get(1)));
        assertEquals(List.of("0.22.8-slim", "0.22-slim", "latest-slim"), tags(plan.variants().get(2)));
        assertEquals("debian:12", plan.variants().get(1).recipe().baseImage());
    }

    @Test
    @Order(5)
    void ciExample() {
        String sha = sha();
        TagPlan plan = planFor(branchPushed("github.com/acme/web", "main", sha));
        assertEquals(List.of("main", "edge", "sha-" + sha.substring(0, 7)), tags(plan.variants().get(0)));
    }

    @Test
    @Order(10)
    void backportPrereleaseAndRetractionThroughTheBroker() {
        String repo = "github.com/acme/agent";
        String sha520 = sha();
        planFor(tagPushed(repo, "v5.2.0", sha520));
        TagPlan backport = planFor(tagPushed(repo, "v5.1.9", sha()));
        assertEquals(List.of("5.1.9", "5.1"), tags(backport.variants().get(0)), "a backport takes neither 5 nor latest");
        TagPlan rc = planFor(tagPushed(repo, "v6.0.0-rc.1", sha()));
        assertEquals(List.of("6.0.0-rc.1"), tags(rc.variants().get(0)), "a prerelease takes no floating tag");
        assertEquals("prerelease", rc.channel());
        String sha530 = sha();
        planFor(tagPushed(repo, "v5.3.0", sha530));
        TagPlan retraction = planFor(tagDeleted(repo, "v5.3.0", sha530));
        assertEquals(sha520, retraction.commit().value(), "the retraction plans the previous release's commit");
        assertEquals(List.of("5.2", "5", "latest"), tags(retraction.variants().get(0)));
    }

    @Test
    @Order(11)
    void aDuplicateDeliveryOfTheSameEventIsPlannedOnce() {
        RefEvent event = tagPushed("github.com/acme/tool", "v0.23.0", sha());
        Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
        TagPlan first = planFor(event);
        send(event);
        TagPlan marker = planFor(tagPushed("github.com/acme/tool", "v0.23.1", sha()));
        List<ConsumerRecord<byte[], byte[]>> plans = KafkaProbe.poll(Topics.TAG_PLANS_NAME, from,
                r -> Topics.TAG_PLANS.decode(r.value()).planId().equals(first.planId()), 2, Duration.ofSeconds(3));
        assertEquals(1, plans.size(), "one plan for the event delivered twice (the later marker " + marker.version() + " was planned)");
    }

    @Test
    @Order(14)
    void healthAndPrometheusAreServed() {
        assertEquals(200, http.toBlocking().exchange("/health").code());
        String readiness = http.toBlocking().retrieve("/health/readiness");
        assertTrue(readiness.contains("\"planner-streams\":{\"name\":\"tag-planner\",\"status\":\"UP\",\"details\":{")
                && readiness.contains("\"threads\":"), readiness);
        assertFalse(readiness.contains("planner-streams-alive"), "liveness is not a readiness check: " + readiness);
        String liveness = http.toBlocking().retrieve("/health/liveness");
        assertTrue(liveness.contains("\"planner-streams-alive\":{\"name\":\"tag-planner\",\"status\":\"UP\",\"details\":{\"state\":\"RUNNING\"}}"),
                liveness);
        String metrics = http.toBlocking().retrieve("/prometheus");
        assertTrue(metrics.contains("tagline_planner_events_total"), "planner counters are exported");
        assertTrue(metrics.contains("tagline_planner_plan_duration_seconds"), "planner timer is exported");
    }

    @Test
    @Order(12)
    void eventWithoutPolicyIsDeadLetteredWithTheReason() {
        Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.REF_EVENTS.deadLetterName());
        RefEvent event = tagPushed("github.com/nobody/unknown", "v1.0.0", sha());
        RecordMetadata at = KafkaProbe.send(Topics.REF_EVENTS_NAME, event.repository().value(), Topics.REF_EVENTS.encode(event));
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaProbe.poll(Topics.REF_EVENTS.deadLetterName(), from,
                r -> Long.toString(at.offset()).equals(KafkaProbe.header(r, DeadLetterHeaders.SOURCE_OFFSET))
                        && Integer.toString(at.partition()).equals(KafkaProbe.header(r, DeadLetterHeaders.SOURCE_PARTITION)), 1, TIMEOUT);
        assertEquals(1, dead.size());
        assertEquals(NoPolicyException.class.getName(), KafkaProbe.header(dead.get(0), DeadLetterHeaders.ERROR_CLASS));
        assertTrue(KafkaProbe.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE).contains("no release policy for repository github.com/nobody/unknown"));
    }

    @Test
    @Order(15)
    void aBurstOfBadRecordsIsDeadLetteredRecordByRecordAndTheNextEventStillPlanned() {
        String key = "github.com/acme/burst";
        Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.REF_EVENTS.deadLetterName());
        RefEvent valid = tagPushed("github.com/acme/web", "v9.0.0", sha());
        // one producer, no waiting between sends: the six records reach the planner in one poll
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
                Map.of(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrap(),
                        org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 50),
                new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 5; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.REF_EVENTS_NAME, k,
                        ("{\"schemaVersion\":1,\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.REF_EVENTS_NAME, k, Topics.REF_EVENTS.encode(valid)));
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaProbe.poll(Topics.REF_EVENTS.deadLetterName(), from,
                r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)), 5, TIMEOUT);
        assertEquals(5, dead.size(), "every bad record of the burst is dead-lettered, none is skipped");
        String planId = TagPlan.idFor(valid.eventId(), policies.forRepository(valid.repository()).orElseThrow().digest());
        assertEquals(1, KafkaProbe.poll(Topics.TAG_PLANS_NAME, null, r -> Topics.TAG_PLANS.decode(r.value()).planId().equals(planId), 1, TIMEOUT)
                .size(), "the event after the burst is planned");
    }
}
