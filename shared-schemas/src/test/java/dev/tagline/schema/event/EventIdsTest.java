package dev.tagline.schema.event;

import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventIdsTest {

    @Test
    void theSameChangeSeenByAWebhookAndByThePollerHasOneId() {
        RefEvent webhook = ExampleEvents.refEvent();
        RefEvent poller = RefEvent.create(webhook.repository(), webhook.cloneUrl(), webhook.ref(), webhook.change(),
                null, webhook.newCommit(), null, EventSource.POLLER, null, Instant.parse("2026-11-20T09:16:00Z"),
                null, null, null);
        assertEquals(webhook.eventId(), poller.eventId());
        assertTrue(webhook.eventId().matches("ref-[0-9a-f]{32}"), webhook.eventId());
    }

    @Test
    void aDifferentCommitOrRefIsADifferentEvent() {
        RefEvent a = ExampleEvents.refEvent();
        String otherCommit = RefEvent.idFor(a.repository(), a.ref(), a.change(), null,
                CommitSha.parse("2a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"), null, null);
        String otherRef = RefEvent.idFor(a.repository(), GitRef.tag("v1.4.3"), a.change(), null, a.newCommit(), null, null);
        assertNotEquals(a.eventId(), otherCommit);
        assertNotEquals(a.eventId(), otherRef);
    }

    @Test
    void aReplayIsANewEventPerRunThatRemembersTheOriginal() {
        RefEvent original = ExampleEvents.refEvent();
        RefEvent first = original.asReplay("run-1", true, Instant.parse("2026-11-22T00:00:00Z"));
        RefEvent again = original.asReplay("run-1", true, Instant.parse("2026-11-22T00:05:00Z"));
        RefEvent second = original.asReplay("run-2", false, Instant.parse("2026-11-22T00:00:00Z"));
        assertEquals(first.eventId(), again.eventId(), "replaying a run twice is idempotent");
        assertNotEquals(first.eventId(), second.eventId());
        assertNotEquals(original.eventId(), first.eventId());
        assertEquals(EventSource.REPLAY, first.source());
        assertEquals(original.eventId(), first.replay().originalEventId());
        assertEquals(EventSource.GITHUB, first.replay().originalSource());
        assertTrue(first.rebuild());
        RefEvent replayOfReplay = first.asReplay("run-3", false, Instant.EPOCH);
        assertEquals(original.eventId(), replayOfReplay.replay().originalEventId(), "a replay of a replay points at the original");
        assertEquals(original.asReplay("run-3", false, Instant.EPOCH).eventId(), replayOfReplay.eventId());
    }

    @Test
    void scheduledTriggersAreOnePerSlot() {
        RefEvent a = ExampleEvents.scheduledEvent();
        String nextNight = RefEvent.idFor(a.repository(), a.ref(), a.change(), null, a.newCommit(),
                new Schedule("nightly", Instant.parse("2026-11-22T02:00:00Z")), null);
        assertNotEquals(a.eventId(), nextNight);
    }

    @Test
    void planAndResultIdsAreDerived() {
        TagPlan plan = ExampleEvents.tagPlan();
        assertEquals(TagPlan.idFor(plan.eventId(), plan.policyDigest()), plan.planId());
        assertNotEquals(TagPlan.idFor(plan.eventId(), "sha256:other"), plan.planId());
        assertEquals(BuildResult.idFor(plan.planId(), "base"), ExampleEvents.buildResult().resultId());
    }

    @Test
    void lengthPrefixingKeepsDifferentPartListsApart() {
        assertNotEquals(EventIds.of("x", "ab", "c"), EventIds.of("x", "a", "bc"));
        assertNotEquals(EventIds.of("x", (Object) null), EventIds.of("x", ""));
    }

    @Test
    void invariantsAreCheckedWhenEventsAreMade() {
        RefEvent e = ExampleEvents.refEvent();
        InvalidEventException deleted = assertThrows(InvalidEventException.class, () -> new RefEvent(1, "id", e.repository(),
                e.cloneUrl(), e.ref(), RefChange.DELETED, null, e.newCommit(), null, EventSource.GITHUB, null,
                Instant.EPOCH, null, null, null, null));
        assertTrue(deleted.getMessage().contains("newCommit must be null for a DELETED ref"));
        TagPlan p = ExampleEvents.tagPlan();
        assertThrows(InvalidEventException.class, () -> new TagPlan(1, p.planId(), p.eventId(), p.repository(), p.cloneUrl(),
                p.ref(), p.commit(), p.commitTime(), null, null, p.policyDigest(), false, List.of()));
        assertThrows(InvalidEventException.class, () -> new TagPlan(1, p.planId(), p.eventId(), p.repository(), p.cloneUrl(),
                p.ref(), p.commit(), p.commitTime(), null, null, p.policyDigest(), false, List.of(p.variants().get(0), p.variants().get(0))));
        assertThrows(InvalidEventException.class, () -> new Layer("app", "../etc", "/app", null, null));
        assertThrows(InvalidEventException.class, () -> new Layer("app", "dist", "app", null, null));
        assertTrue(new Layer("app", "dist/{arch}", "/app", null, null).perPlatform());
    }
}
