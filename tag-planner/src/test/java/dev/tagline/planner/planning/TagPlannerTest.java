package dev.tagline.planner.planning;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TagPlanner#plan} on real {@link RefEvent}s: the TagPlan contract, determinism and ids. */
class TagPlannerTest {
    private static final ReleasePolicy SEMVER = PolicyParser.parse(Path.of("examples", "semver.yml"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    private static final String SHA = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";

    static RefEvent tag(String name, String sha) {
        return RefEvent.create(RepositoryId.of("github.com/acme/shop"), "https://github.com/acme/shop.git", GitRef.tag(name), RefChange.CREATED,
                null, CommitSha.parse(sha), Instant.parse("2026-11-20T09:15:00Z"), EventSource.GITHUB, "d-1",
                Instant.parse("2026-11-20T09:15:03Z"), "main", "refs/heads/main", null);
    }

    @Test
    void planCarriesTheEventThePolicyAndTheResolvedRecipe() {
        RefEvent event = tag("v1.4.2", SHA);
        TagPlan plan = TagPlanner.plan(event, SEMVER, ReleaseHistory.empty(), CLOCK).plan();
        assertEquals(TagPlan.idFor(event.eventId(), SEMVER.digest()), plan.planId());
        assertEquals(event.eventId(), plan.eventId());
        assertEquals(SEMVER.digest(), plan.policyDigest());
        assertEquals("1.4.2", plan.version());
        assertEquals("release", plan.channel());
        assertEquals(SHA, plan.commit().value());
        assertEquals(Instant.parse("2026-11-20T09:15:00Z"), plan.commitTime());
        assertEquals("registry.acme.dev", plan.variants().get(0).images().get(0).registry());
        assertEquals("acme/shop", plan.variants().get(0).images().get(0).name());
        assertEquals("eclipse-temurin:17-jre", plan.variants().get(0).recipe().baseImage());
        assertEquals(plan.variants().get(0).labels(), plan.variants().get(0).annotations());
        assertFalse(plan.rebuild());
    }

    @Test
    void sameEventSamePolicySameHistoryGivesTheSameBytes() {
        RefEvent event = tag("v1.4.2", SHA);
        byte[] a = EventCodec.encode(TagPlanner.plan(event, SEMVER, ReleaseHistory.empty(), CLOCK).plan());
        byte[] b = EventCodec.encode(TagPlanner.plan(event, SEMVER, ReleaseHistory.empty(), CLOCK).plan());
        assertArrayEquals(a, b);
    }

    @Test
    void anotherPolicyVersionGivesAnotherPlanId() {
        RefEvent event = tag("v1.4.2", SHA);
        ReleasePolicy edited = PolicyParser.parse("semver.yml", "repository: github.com/acme/shop\nimages: [registry.acme.dev/acme/shop]\n");
        assertNotEquals(TagPlanner.plan(event, SEMVER, ReleaseHistory.empty(), CLOCK).plan().planId(),
                TagPlanner.plan(event, edited, ReleaseHistory.empty(), CLOCK).plan().planId());
    }

    @Test
    void replayWithRebuildAsksTheBuilderToRebuild() {
        RefEvent replay = tag("v1.4.2", SHA).asReplay("run-1", true, Instant.parse("2026-11-21T00:00:00Z"));
        assertTrue(TagPlanner.plan(replay, SEMVER, ReleaseHistory.empty(), CLOCK).plan().rebuild());
    }

    @Test
    void nothingToBuildKeepsTheHistoryAndSaysWhy() {
        RefEvent push = RefEvent.create(RepositoryId.of("github.com/acme/shop"), "https://github.com/acme/shop.git", GitRef.branch("main"),
                RefChange.UPDATED, null, CommitSha.parse(SHA), null, EventSource.POLLER, null, Instant.parse("2026-11-20T09:15:03Z"), "main",
                null, null);
        PlanOutcome outcome = TagPlanner.plan(push, SEMVER, ReleaseHistory.empty(), CLOCK);
        assertFalse(outcome.planned());
        assertTrue(outcome.skipReason().contains("on.branches"), outcome.skipReason());
        assertEquals(ReleaseHistory.empty(), outcome.history());
    }

    @Test
    void foldGivesTheSameHistoryAsPlanning() {
        RefEvent e = tag("v1.4.2", SHA);
        assertEquals(TagPlanner.plan(e, SEMVER, ReleaseHistory.empty(), CLOCK).history(), TagPlanner.fold(e, SEMVER, ReleaseHistory.empty()));
    }

    @Test
    void anEventWithoutCommitTimeIsPlannedUndatedNeverByTheTimeItWasObserved() {
        // issue 16: the observed time would give one commit two digests; the builder reads the time from the commit
        RefEvent e = RefEvent.create(RepositoryId.of("github.com/acme/shop"), "https://github.com/acme/shop.git", GitRef.tag("v1.0.0"),
                RefChange.CREATED, null, CommitSha.parse(SHA), null, EventSource.POLLER, null, Instant.parse("2026-11-20T09:15:03Z"), "main",
                null, null);
        TagPlan plan = TagPlanner.plan(e, SEMVER, ReleaseHistory.empty(), CLOCK).plan();
        assertEquals(null, plan.commitTime());
        assertEquals("", plan.variants().get(0).labels().get("org.opencontainers.image.created"));
    }

    @Test
    void aPolicyWithoutImagesPlansNothingInsteadOfABrokenPlan() {
        ReleasePolicy noImages = PolicyParser.parse("p.yml", "repository: github.com/acme/shop\ntags:\n  - type=sha\n");
        PlanOutcome outcome = TagPlanner.plan(tag("v1.0.0", SHA), noImages, ReleaseHistory.empty(), CLOCK);
        assertFalse(outcome.planned());
        assertEquals("the policy names no enabled image", outcome.skipReason());
    }
}
