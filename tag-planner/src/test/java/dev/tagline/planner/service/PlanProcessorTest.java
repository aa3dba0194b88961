package dev.tagline.planner.service;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.DeadLetterHeaders;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner topology on Kafka Streams' TopologyTestDriver: plans, history facts, duplicates and dead letters. */
class PlanProcessorTest {
    static final String REPO = "github.com/acme/shop";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private final Policies policies = new Policies();
    private TestTopology topology;
    private TestInputTopic<byte[], byte[]> refEvents;
    private TestOutputTopic<byte[], byte[]> plans;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private int commits;

    static ReleasePolicy policy(String tagPattern) {
        return PolicyParser.parse("shop.yml", "repository: " + REPO + "\n"
                + "images: [registry.acme.dev/acme/shop]\n"
                + "tags: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}']\n"
                + "on:\n  tags: ['" + tagPattern + "']\n"
                + "recipe:\n  base: scratch\n  layers:\n    - {name: app, source: app, target: /app}\n");
    }

    void start(boolean inMemory) {
        topology = new TestTopology(policies, NOW, stateDir, inMemory);
        refEvents = topology.refEvents;
        plans = topology.output(Topics.TAG_PLANS_NAME);
        deadLetters = topology.output(Topics.REF_EVENTS.deadLetterName());
    }

    /** Starts the on-disk topology under the policy whose releases are the tags matching {@code tagPattern}. */
    void startUnder(String tagPattern) {
        policies.set(policy(tagPattern));
        start(false);
    }

    @AfterEach
    void stop() {
        if (topology != null) {
            topology.close();
        }
    }

    RefEvent tag(String name, RefChange change) {
        CommitSha sha = CommitSha.parse(String.format("%040x", 0xabc000L + ++commits));
        return RefEvent.create(RepositoryId.of(REPO), "https://" + REPO + ".git", GitRef.tag(name), change,
                change == RefChange.DELETED ? sha : null, change == RefChange.DELETED ? null : sha,
                change == RefChange.DELETED ? null : Instant.parse("2026-11-30T09:00:00Z"), EventSource.GITHUB, null, NOW, "main", null, null);
    }

    void send(RefEvent event) {
        refEvents.pipeInput(event.repository().value().getBytes(StandardCharsets.UTF_8), Topics.REF_EVENTS.encode(event));
    }

    List<TagPlan> plans() {
        return plans.readValuesToList().stream().map(Topics.TAG_PLANS::decode).toList();
    }

    static List<String> tags(TagPlan plan) {
        return plan.variants().get(0).tags().stream().map(ImageTag::value).toList();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aReleaseTagIsPlannedKeyedByRepository(boolean inMemory) {
        policies.set(policy("v*"));
        start(inMemory);
        RefEvent v1 = tag("v1.4.2", RefChange.CREATED);
        send(v1);
        var out = plans.readRecord();
        assertEquals(REPO, new String(out.key(), StandardCharsets.UTF_8));
        TagPlan plan = Topics.TAG_PLANS.decode(out.value());
        assertEquals(TagPlan.idFor(v1.eventId(), policies.policy.digest()), plan.planId());
        assertEquals(List.of("1.4.2", "1.4", "1", "latest"), tags(plan));
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void backportTagDoesNotMoveLatest() {
        startUnder("v*");
        send(tag("v1.2.0", RefChange.CREATED));
        send(tag("v1.1.9", RefChange.CREATED));
        List<TagPlan> out = plans();
        assertEquals(List.of("1.1.9", "1.1"), tags(out.get(1)), "the backport takes neither 1 nor latest");
    }

    @Test
    void theSameEventDeliveredTwiceIsPlannedOnce() {
        startUnder("v*");
        RefEvent event = tag("v2.0.0", RefChange.CREATED);
        send(event);
        send(event);
        assertEquals(1, plans().size());
    }

    @Test
    void aDuplicateArrivingAfterOtherEventsIsStillPlannedOnce() {
        startUnder("v*");
        RefEvent first = tag("v2.0.0", RefChange.CREATED);
        send(first);
        send(tag("v2.0.1", RefChange.CREATED));
        send(tag("v2.1.0", RefChange.CREATED));
        send(first); // the poller's copy of the webhook's event, after two newer tags
        assertEquals(3, plans().size());
    }

    @Test
    void aPolicyEditChangesWhatCountsAsAReleaseWithoutReReadingTheLog() {
        startUnder("v*");
        send(tag("v2.0.0", RefChange.CREATED));
        send(tag("v1.5.0", RefChange.CREATED));
        assertFalse(tags(plans().get(1)).contains("latest"), "under v*, 2.0.0 is the highest release");
        // the 2.x line is withdrawn from the policy: only v1* tags are releases now
        policies.set(policy("v1*"));
        send(tag("v1.6.0", RefChange.CREATED));
        assertTrue(tags(plans().get(0)).contains("latest"), "2.0.0 no longer counts: 1.6.0 takes latest");
    }

    @Test
    void aDeletedTagIsNoLongerARelease() {
        startUnder("v*");
        send(tag("v3.0.0", RefChange.CREATED));
        send(tag("v3.0.0", RefChange.DELETED));
        plans();
        send(tag("v2.9.0", RefChange.CREATED));
        assertTrue(tags(plans().get(0)).contains("latest"), "the retracted 3.0.0 does not hold latest");
    }

    @Test
    void unreadableBytesAreDeadLetteredWithTheOriginalBytesAndTheReason() {
        startUnder("v*");
        byte[] garbage = {(byte) 0xff, 'n', 'o', 't'};
        refEvents.pipeInput(new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), garbage));
        send(tag("v1.0.0", RefChange.CREATED));
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertArrayEquals(garbage, dead.value());
        assertEquals("k", new String(dead.key(), StandardCharsets.UTF_8));
        assertEquals(Topics.REF_EVENTS_NAME, header(dead, DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals("0", header(dead, DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals(InvalidEventException.class.getName(), header(dead, DeadLetterHeaders.ERROR_CLASS));
        assertEquals("tag-planner", header(dead, DeadLetterHeaders.CONSUMER_GROUP));
        assertEquals(1, plans().size(), "the next event is planned");
    }

    @Test
    void anEventWithoutPolicyIsDeadLetteredAndItsTagStillRemembered() {
        start(false);
        send(tag("v9.0.0", RefChange.CREATED));
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertEquals(NoPolicyException.class.getName(), header(dead, DeadLetterHeaders.ERROR_CLASS));
        assertTrue(plans.isEmpty());
        policies.set(policy("v*"));
        send(tag("v8.0.0", RefChange.CREATED));
        assertFalse(tags(plans().get(0)).contains("latest"), "9.0.0, seen before the policy existed, is a release under it");
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static final class Policies implements PolicyLookup {
        volatile ReleasePolicy policy;

        void set(ReleasePolicy p) {
            policy = p;
        }

        @Override
        public Optional<ReleasePolicy> forRepository(RepositoryId repository) {
            return policy != null && policy.repository().equals(repository) ? Optional.of(policy) : Optional.empty();
        }

        @Override
        public String directory() {
            return "test";
        }
    }
}
