package dev.tagline.bench.faults;

import dev.tagline.bench.infra.Stamped;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's definitions of lost, duplicated, wrong and recovery, on made-up logs (no broker, no registry). */
class AccountingTest {
    private static final RefEvent EVENT = ExampleEvents.refEvent();
    private static final TagPlan PLAN = ExampleEvents.tagPlan();
    private static final BuildResult RESULT = ExampleEvents.buildResult();
    private static final ImageRepository IMAGE = ImageRepository.parse("ghcr.io/acme/shop");
    private static final String REPO = ExampleEvents.REPO.value();

    private final Scope scope = new Scope("test");
    private final long t0 = scope.startMillis;
    private final List<Stamped<RefEvent>> events = new ArrayList<>();
    private final List<Stamped<TagPlan>> plans = new ArrayList<>();
    private final List<Stamped<BuildResult>> results = new ArrayList<>();
    private final List<Ledger.DeadLetter> deadLetters = new ArrayList<>();
    private final Map<String, String> registry = new TreeMap<>();

    AccountingTest() {
        scope.repositories.add(REPO);
        scope.expected.add(new Scope.Expected(REPO, EVENT.ref().value(), EVENT.newCommit().value(), t0));
        for (var t : PLAN.variants().get(0).tags()) {
            registry.put(t.value(), RESULT.digest().value());
        }
    }

    private Row judge() {
        var snap = new Ledger.Snapshot(events, plans, results, deadLetters);
        return Accounting.judge(scope, snap, Map.of(REPO, new Accounting.RegistryTags(IMAGE, registry)));
    }

    private void wholeChain() {
        events.add(new Stamped<>(EVENT, t0 + 100));
        plans.add(new Stamped<>(PLAN, t0 + 200));
        results.add(new Stamped<>(RESULT, t0 + 300));
    }

    @Test
    void aCompleteChainWithEveryTagWhereItsPlanSaysPasses() {
        wholeChain();
        Row row = judge();
        assertTrue(row.pass(), row.details().toString());
        assertEquals(List.of(1, 1, 1, 5, 0, 0, 0), List.of(row.eventsIn(), row.plans(), row.results(), row.tagsInRegistry(),
                row.lost(), row.duplicated(), row.wrong()));
        assertEquals(-1, row.recoveryMillis(), "no fault, no recovery");
    }

    @Test
    void aSecondRecordWithAnIdAlreadySeenIsADuplicate() {
        wholeChain();
        results.add(new Stamped<>(RESULT, t0 + 400));
        events.add(new Stamped<>(EVENT, t0 + 500));
        Row row = judge();
        assertEquals(2, row.duplicated(), row.details().toString());
        assertFalse(row.pass());
    }

    @Test
    void aFailedResultIsLostAndSoIsATagMissingFromTheRegistry() {
        events.add(new Stamped<>(EVENT, t0 + 100));
        plans.add(new Stamped<>(PLAN, t0 + 200));
        results.add(new Stamped<>(new BuildResult(RESULT.schemaVersion(), RESULT.resultId(), RESULT.planId(), RESULT.eventId(),
                RESULT.repository(), RESULT.commit(), RESULT.variant(), BuildStatus.FAILED, null, null, null, null, null, 0, 0,
                "registry unreachable", null, RESULT.startedAt(), RESULT.finishedAt()), t0 + 300));
        assertEquals(1, judge().lost(), "the failed variant");

        wholeChain();
        registry.remove("latest");
        Row row = judge();
        assertTrue(row.details().contains("lost: tag latest is not in the registry"), row.details().toString());
    }

    @Test
    void aTagOnAnotherDigestThanItsLastPlansIsWrong() {
        wholeChain();
        registry.put("latest", Digest.of("an earlier build").value());
        Row row = judge();
        assertEquals(1, row.wrong(), row.details().toString());
        assertFalse(row.pass());
    }

    @Test
    void aTagADeliveredResultDoesNotNameIsNotDecidedByItsPlan() {
        wholeChain();
        // a result that pointed only one tag (the others were held back, e.g. floating tags of a plan with a failed variant)
        ImageTag only = PLAN.variants().get(0).tags().get(0);
        results.set(0, new Stamped<>(new BuildResult(RESULT.schemaVersion(), RESULT.resultId(), RESULT.planId(), RESULT.eventId(),
                RESULT.repository(), RESULT.commit(), RESULT.variant(), RESULT.status(), RESULT.digest(), RESULT.mediaType(), RESULT.platforms(),
                List.of(new PushedTags(IMAGE, List.of(only))), List.of(), RESULT.bytesUploaded(), RESULT.bytesReused(),
                RESULT.error(), RESULT.timings(), RESULT.startedAt(), RESULT.finishedAt()), t0 + 300));
        registry.put("latest", Digest.of("an earlier build").value());
        Row row = judge();
        assertEquals(0, row.wrong(), "latest was not this plan's to move: " + row.details());
        assertEquals(List.of(), row.details().stream().filter(d -> d.contains("tag " + only.value())).toList());
    }

    @Test
    void aRefChangeWithoutItsEventIsLost() {
        Row row = judge();
        assertEquals(1, row.lost());
        assertTrue(row.details().get(0).startsWith("lost: no event for refs/tags/v1.4.2"), row.details().toString());
    }

    @Test
    void recoveryIsTheTimeUntilEveryWaitingStageWroteAgain() {
        events.add(new Stamped<>(EVENT, t0 + 100));
        plans.add(new Stamped<>(PLAN, t0 + 200));
        scope.faultEnds.add(t0 + 1_000); // the builder had a plan waiting when the fault ended
        results.add(new Stamped<>(RESULT, t0 + 1_000 + 4_000));
        Row row = judge();
        assertEquals(4_000, row.recoveryMillis());
        assertTrue(row.pass(), row.details().toString());

        results.set(0, new Stamped<>(RESULT, t0 + 1_000 + 10_001));
        assertFalse(judge().pass(), "over 10 s");
    }

    @Test
    void aStageThatNeverWritesAgainNeverRecovered() {
        events.add(new Stamped<>(EVENT, t0 + 100));
        scope.faultEnds.add(t0 + 1_000);
        Row row = judge();
        assertEquals(Accounting.UNRECOVERED, row.recoveryMillis());
        assertTrue(row.render().contains(" never "), row.render());
    }

    @Test
    void eachPoisonRecordMustBeDeadLetteredExactlyOnce() {
        wholeChain();
        scope.poison.add(new Scope.Poison(Topics.REF_EVENTS_NAME, "poison-1"));
        scope.poison.add(new Scope.Poison(Topics.TAG_PLANS_NAME, "poison-2"));
        deadLetters.add(new Ledger.DeadLetter(Topics.REF_EVENTS.deadLetterName(), "x poison-1 y", t0));
        deadLetters.add(new Ledger.DeadLetter(Topics.REF_EVENTS.deadLetterName(), "x poison-1 y", t0));
        Row row = judge();
        assertEquals(1, row.duplicated(), "poison-1 twice");
        assertEquals(1, row.lost(), "poison-2 never");
    }
}
