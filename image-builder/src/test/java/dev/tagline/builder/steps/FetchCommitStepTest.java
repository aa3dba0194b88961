package dev.tagline.builder.steps;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FetchCommitStepTest {
    private static final RepositoryId ID = RepositoryId.of("example.com/acme/app");

    @TempDir
    Path tmp;

    @Test
    void aHalfMadeMirrorLeftByAKilledBuilderIsMadeAgain() throws Exception {
        try (TestRepo repo = GitRepos.create(tmp.resolve("origin"))) {
            String sha = repo.commit("one", Map.of("a.txt", "v1"));
            Path bare = tmp.resolve("cache").resolve(FetchCommitStep.cacheName(ID));
            // killed while JGit created it: refs made, objects not yet (creating it again fails on the existing refs)
            Files.createDirectories(bare.resolve("refs/heads"));
            FetchCommitStep step = new FetchCommitStep(tmp.resolve("cache"));
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(sha), tmp.resolve("co"));
            assertEquals("v1", Files.readString(tmp.resolve("co/a.txt")));
        }
    }

    @Test
    void checksOutExactlyThePlannedCommitNotTheBranchHead() throws Exception {
        try (TestRepo repo = GitRepos.create(tmp.resolve("origin"))) {
            String first = repo.commit("one", Map.of("a.txt", "v1"));
            repo.commit("two", Map.of("a.txt", "v2", "b.txt", "new"));
            FetchCommitStep step = new FetchCommitStep(tmp.resolve("cache"));
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(first), tmp.resolve("co"));
            assertEquals("v1", Files.readString(tmp.resolve("co/a.txt")));
            assertFalse(Files.exists(tmp.resolve("co/b.txt")));
        }
    }

    @Test
    void aCommitAlreadyInTheCacheNeedsNoRemote() throws Exception {
        FetchCommitStep step = new FetchCommitStep(tmp.resolve("cache"));
        String sha;
        String uri;
        try (TestRepo repo = GitRepos.create(tmp.resolve("origin"))) {
            sha = repo.commit("one", Map.of("a.txt", "v1"));
            uri = repo.uri();
            step.fetchAndCheckout(ID, uri, CommitSha.parse(sha), tmp.resolve("co1"));
        }
        deleteTree(tmp.resolve("origin"));
        step.fetchAndCheckout(ID, uri, CommitSha.parse(sha), tmp.resolve("co2"));
        assertEquals("v1", Files.readString(tmp.resolve("co2/a.txt")));
        assertTrue(Files.isDirectory(tmp.resolve("cache").resolve(FetchCommitStep.cacheName(ID))), "one bare cache per repository");
    }

    @Test
    void laterCommitsAreFetchedIncrementallyIntoTheSameCache() throws Exception {
        try (TestRepo repo = GitRepos.create(tmp.resolve("origin"))) {
            FetchCommitStep step = new FetchCommitStep(tmp.resolve("cache"));
            String one = repo.commit("one", Map.of("a.txt", "v1"));
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(one), tmp.resolve("co1"));
            String two = repo.commit("two", Map.of("a.txt", "v2"));
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(two), tmp.resolve("co2"));
            assertEquals("v2", Files.readString(tmp.resolve("co2/a.txt")));
        }
    }

    @Test
    void aCommitTheRemoteDoesNotHaveFailsPermanently() throws Exception {
        try (TestRepo repo = GitRepos.create(tmp.resolve("origin"))) {
            repo.commit("one", Map.of("a.txt", "v1"));
            FetchCommitStep step = new FetchCommitStep(tmp.resolve("cache"));
            BuildFailure f = assertThrows(BuildFailure.class, () -> step.fetchAndCheckout(ID, repo.uri(),
                    CommitSha.parse("0123456789abcdef0123456789abcdef01234567"), tmp.resolve("co")));
            assertTrue(f.getMessage().startsWith("commit 0123456789abcdef0123456789abcdef01234567 is not in"), f.getMessage());
            assertFalse(f.transientFailure());
        }
    }

    @Test
    void credentialsInACloneUrlNeverReachMessages() {
        assertEquals("https://***@git.example.com/a/b.git", FetchCommitStep.redact("https://user:s3cret@git.example.com/a/b.git"));
    }

    @Test
    void onlyThePlannedCommitIsFetchedNotItsHistory() throws Exception {
        try (TestRepo repo = GitRepos.create(tmp.resolve("origin"))) {
            String old = null;
            for (int i = 0; i < 60; i++) {
                String sha = repo.commit("c" + i, Map.of("f" + (i % 10) + ".txt", "version " + i + "\n" + "x".repeat(2000 + i)));
                old = old == null ? sha : old;
            }
            String head = repo.head();
            FetchCommitStep step = new FetchCommitStep(tmp.resolve("cache"));
            long t0 = System.nanoTime();
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(head), tmp.resolve("co"));
            System.out.printf("[measure] fetch of one commit of a 60-commit history into a cold mirror: %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertTrue(Files.readString(tmp.resolve("co/f9.txt")).startsWith("version 59"));
            try (org.eclipse.jgit.lib.Repository mirror = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                    .setGitDir(tmp.resolve("cache").resolve(FetchCommitStep.cacheName(ID)).toFile()).setBare().build()) {
                assertFalse(mirror.getObjectDatabase().has(org.eclipse.jgit.lib.ObjectId.fromString(old)),
                        "the first commit of the history was not fetched");
            }
        }
    }

    @Test
    void aLocalRemoteIsCopiedObjectByObjectWithoutAPackAndItsReleaseNotesReadInPlace() throws Exception {
        try (TestRepo repo = GitRepos.create(tmp.resolve("origin"))) {
            String one = repo.commit("one", Map.of("a.txt", "v1", "dir/b.txt", "b"));
            FetchCommitStep step = new FetchCommitStep(tmp.resolve("cache"));
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(one), tmp.resolve("co1"));
            String two = repo.commit("two", Map.of("a.txt", "v2", "dir/b.txt", "b"));
            repo.annotatedTag("v2", "release two\n\nnotes");
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(two), tmp.resolve("co2"), "v2");
            assertEquals("v2", Files.readString(tmp.resolve("co2/a.txt")));
            assertEquals("b", Files.readString(tmp.resolve("co2/dir/b.txt")));
            Path mirror = tmp.resolve("cache").resolve(FetchCommitStep.cacheName(ID));
            try (var packs = Files.list(mirror.resolve("objects/pack"))) {
                assertEquals(0, packs.filter(p -> p.toString().endsWith(".pack")).count(), "no pack was built for a local remote");
            }
            assertEquals(java.util.Optional.of("release two\n\nnotes"), step.annotatedTagMessage(ID, repo.uri(), "v2", CommitSha.parse(two))
                    .map(String::strip));
            // the mirror holds what it was given, as a depth-1 fetch leaves it: the origin is not needed again
            deleteTree(tmp.resolve("origin"));
            step.fetchAndCheckout(ID, repo.uri(), CommitSha.parse(two), tmp.resolve("co3"));
            assertEquals("v2", Files.readString(tmp.resolve("co3/a.txt")));
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
