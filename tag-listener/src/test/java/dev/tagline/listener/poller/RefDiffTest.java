package dev.tagline.listener.poller;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.GitRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefDiffTest {
    private static final String A = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    private static final String B = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    private static final String T = "5c8e1f6e2a3b4c5d6e7f8091a2b3c4d5e6f70819";
    private static final Predicate<GitRef> MAIN_AND_TAGS = r -> r.isTag() || r.shortName().equals("main");

    @Test
    void newTagIsCreated() {
        List<DetectedChange> d = RefDiff.diff(Map.of("refs/heads/main", new SeenRef(A, A)),
                Map.of("refs/heads/main", A, "refs/tags/v1", A), MAIN_AND_TAGS);
        assertEquals(List.of(new DetectedChange(GitRef.tag("v1"), RefChange.CREATED, null, A)), d);
    }

    @Test
    void movedBranchIsUpdatedFromItsLastSeenCommit() {
        SeenRef before = new SeenRef(A, A);
        List<DetectedChange> d = RefDiff.diff(Map.of("refs/heads/main", before), Map.of("refs/heads/main", B), MAIN_AND_TAGS);
        assertEquals(List.of(new DetectedChange(GitRef.branch("main"), RefChange.UPDATED, before, B)), d);
    }

    @Test
    void deletedTagIsDeleted() {
        SeenRef v1 = new SeenRef(T, A);
        List<DetectedChange> d = RefDiff.diff(Map.of("refs/tags/v1", v1), Map.of(), MAIN_AND_TAGS);
        assertEquals(List.of(new DetectedChange(GitRef.tag("v1"), RefChange.DELETED, v1, null)), d);
    }

    @Test
    void unchangedRefsAndUnwatchedBranchesAreSilent() {
        assertTrue(RefDiff.diff(Map.of("refs/heads/main", new SeenRef(A, A)),
                Map.of("refs/heads/main", A, "refs/heads/feature", B, "refs/pull/1/head", B), MAIN_AND_TAGS).isEmpty());
    }

    @Test
    void annotatedTagComparesByTagObjectSoRetaggingTheSameCommitIsSeen() {
        List<DetectedChange> d = RefDiff.diff(Map.of("refs/tags/v1", new SeenRef(T, A)), Map.of("refs/tags/v1", A), MAIN_AND_TAGS);
        assertEquals(1, d.size());
        assertEquals(RefChange.UPDATED, d.get(0).change());
    }

    @Test
    void changesAreOrderedByRefName() {
        List<DetectedChange> d = RefDiff.diff(Map.of(),
                Map.of("refs/tags/v2", B, "refs/heads/main", A, "refs/tags/v1", A), MAIN_AND_TAGS);
        assertEquals(List.of("refs/heads/main", "refs/tags/v1", "refs/tags/v2"), d.stream().map(c -> c.ref().value()).toList());
    }

    @Test
    void invalidRefNamesFromTheRemoteAreSkipped() {
        assertTrue(RefDiff.diff(Map.of(), Map.of("refs/tags/bad..name", A), MAIN_AND_TAGS).isEmpty());
    }
}
