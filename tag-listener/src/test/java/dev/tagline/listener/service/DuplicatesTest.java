package dev.tagline.listener.service;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.Schedule;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DuplicatesTest {
    static final RepositoryId REPO = RepositoryId.of("github.com/acme/shop");
    static final CommitSha A = CommitSha.parse("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    static final CommitSha B = CommitSha.parse("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
    static final CommitSha C = CommitSha.parse("5c8e1f6e2a3b4c5d6e7f8091a2b3c4d5e6f70819");
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static RefEvent change(GitRef ref, RefChange change, CommitSha old, CommitSha now, EventSource source) {
        return RefEvent.create(REPO, "https://github.com/acme/shop.git", ref, change, old, now, null, source, null, NOW,
                null, null, null);
    }

    private static final GitRef TAG = GitRef.tag("v1");
    private static final GitRef MAIN = GitRef.branch("main");

    /** An event, the last one published for its ref, whether its id was seen, and whether it is a duplicate. */
    static Stream<Arguments> judgedByTheLastChange() {
        return Stream.of(
                arguments("GitHub's create after its push is a duplicate",
                        change(TAG, RefChange.CREATED, null, A, EventSource.GITHUB),
                        change(TAG, RefChange.CREATED, null, A, EventSource.GITHUB), true, true),
                arguments("the poller seeing the net change of two pushes is a duplicate",
                        change(MAIN, RefChange.UPDATED, A, C, EventSource.POLLER),
                        change(MAIN, RefChange.UPDATED, B, C, EventSource.GITHUB), false, true),
                arguments("a tag pushed again after its deletion is published again",
                        change(TAG, RefChange.CREATED, null, A, EventSource.GITHUB),
                        change(TAG, RefChange.DELETED, A, null, EventSource.GITHUB), true, false),
                arguments("a branch moved back and forth is published each time",
                        change(MAIN, RefChange.UPDATED, A, B, EventSource.GITHUB),
                        change(MAIN, RefChange.UPDATED, B, A, EventSource.GITHUB), true, false),
                arguments("a second deletion is a duplicate",
                        change(TAG, RefChange.DELETED, null, null, EventSource.GITHUB),
                        change(TAG, RefChange.DELETED, A, null, EventSource.GITHUB), false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("judgedByTheLastChange")
    void judgesByTheLastChange(String name, RefEvent event, RefEvent last, boolean idSeen, boolean duplicate) {
        assertEquals(duplicate, Duplicates.alreadyPublished(event, last, idSeen));
    }

    @Test
    void unknownRefIsJudgedById() {
        RefEvent e = change(GitRef.tag("v1"), RefChange.CREATED, null, A, EventSource.GITHUB);
        assertFalse(Duplicates.alreadyPublished(e, null, false));
        assertTrue(Duplicates.alreadyPublished(e, null, true));
    }

    @Test
    void scheduleSlotsAndReplaysAreJudgedById() {
        RefEvent last = change(GitRef.branch("main"), RefChange.UPDATED, A, B, EventSource.GITHUB);
        RefEvent nightly = RefEvent.create(REPO, "u", GitRef.branch("main"), RefChange.SCHEDULED, null, B, null,
                EventSource.SCHEDULE, null, NOW, null, null, new Schedule("nightly", NOW));
        assertFalse(Duplicates.alreadyPublished(nightly, last, false));
        assertTrue(Duplicates.alreadyPublished(nightly, last, true));
        RefEvent replay = last.asReplay("run", false, NOW);
        assertFalse(Duplicates.alreadyPublished(replay, last, false));
    }
}
