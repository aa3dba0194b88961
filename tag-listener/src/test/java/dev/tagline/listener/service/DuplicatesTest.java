package dev.tagline.listener.service;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.Schedule;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void githubCreateAfterItsPushIsADuplicate() {
        RefEvent push = change(GitRef.tag("v1"), RefChange.CREATED, null, A, EventSource.GITHUB);
        assertTrue(Duplicates.alreadyPublished(change(GitRef.tag("v1"), RefChange.CREATED, null, A, EventSource.GITHUB), push, true));
    }

    @Test
    void pollerSeeingTheNetChangeOfTwoPushesIsADuplicate() {
        RefEvent second = change(GitRef.branch("main"), RefChange.UPDATED, B, C, EventSource.GITHUB);
        assertTrue(Duplicates.alreadyPublished(change(GitRef.branch("main"), RefChange.UPDATED, A, C, EventSource.POLLER), second, false));
    }

    @Test
    void tagPushedAgainAfterItsDeletionIsPublishedAgain() {
        RefEvent deleted = change(GitRef.tag("v1"), RefChange.DELETED, A, null, EventSource.GITHUB);
        assertFalse(Duplicates.alreadyPublished(change(GitRef.tag("v1"), RefChange.CREATED, null, A, EventSource.GITHUB), deleted, true));
    }

    @Test
    void branchMovedBackAndForthIsPublishedEachTime() {
        RefEvent back = change(GitRef.branch("main"), RefChange.UPDATED, B, A, EventSource.GITHUB);
        assertFalse(Duplicates.alreadyPublished(change(GitRef.branch("main"), RefChange.UPDATED, A, B, EventSource.GITHUB), back, true));
    }

    @Test
    void secondDeletionIsADuplicate() {
        RefEvent deleted = change(GitRef.tag("v1"), RefChange.DELETED, A, null, EventSource.GITHUB);
        assertTrue(Duplicates.alreadyPublished(change(GitRef.tag("v1"), RefChange.DELETED, null, null, EventSource.GITHUB), deleted, false));
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
