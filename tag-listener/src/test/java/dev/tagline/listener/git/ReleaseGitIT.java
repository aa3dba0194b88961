package dev.tagline.listener.git;

import dev.tagline.schema.event.CommitRange;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.testkit.GitDaemon;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a push's commits and creating release tags against a real Git server (git daemon, git protocol). */
class ReleaseGitIT {
    @TempDir
    Path tmp;
    private GitDaemon daemon;
    private TestRepo repo;
    private String url;

    @BeforeEach
    void serve() {
        repo = GitRepos.create(tmp.resolve("served/shop"));
        daemon = GitDaemon.serve(tmp.resolve("served"));
        url = daemon.url("shop");
    }

    @AfterEach
    void stop() {
        daemon.close();
        repo.close();
    }

    private ReleaseGit git(String cache) {
        return new ReleaseGit(new GitRemotes(tmp.resolve(cache), 10));
    }

    @Test
    void theCommitsSinceTheLastFinalTagNewestFirstWithSubjectsBodiesAuthorsAndTags() throws Exception {
        repo.commit("chore: init", Map.of("a", "1"));
        repo.commit("feat: old", Map.of("a", "2"));
        repo.annotatedTag("v1.2.3", "release 1.2.3");
        repo.commit("fix(api): npe\n\nLonger text.\n\nRefs: #4", Map.of("a", "3"));
        repo.tag("v1.3.0-rc.1");
        String head = repo.commit("feat!: new\n\nBREAKING CHANGE: gone", Map.of("a", "4"));
        CommitRange range = git("cache").commitsSince(url, GitRef.branch("main"), CommitSha.parse(head), 100);
        assertEquals(List.of("feat!: new", "fix(api): npe", "feat: old"), range.commits().stream().map(GitCommit::subject).toList());
        assertEquals("BREAKING CHANGE: gone", range.commits().get(0).body());
        assertEquals("Longer text.\n\nRefs: #4", range.commits().get(1).body());
        assertEquals(List.of("v1.3.0-rc.1"), range.commits().get(1).tags());
        assertEquals(List.of("v1.2.3"), range.commits().get(2).tags(), "the annotated tag peeled to its commit");
        assertTrue(range.commits().get(0).author().contains("@"), range.commits().get(0).author());
        assertEquals(false, range.truncated());
        CommitRange bounded = git("cache").commitsSince(url, GitRef.branch("main"), CommitSha.parse(head), 2);
        assertEquals(2, bounded.commits().size());
        assertTrue(bounded.truncated());
    }

    @Test
    void aTagIsCreatedOnceAndAnotherCommitsTagIsReportedTaken() throws Exception {
        repo.commit("chore: init", Map.of("a", "1"));
        String head = repo.commit("feat: x", Map.of("a", "2"));
        ReleaseGit git = git("cache");
        git.commitsSince(url, GitRef.branch("main"), CommitSha.parse(head), 100);
        var tagger = ReleaseGit.tagger("tagline", "tagline@localhost", Instant.parse("2026-01-02T00:00:00Z"));
        assertEquals(ReleaseGit.TagOutcome.CREATED,
                git.createTag(url, "v1.0.0", CommitSha.parse(head), "## v1.0.0\n\n### Features\n\n* x (abc)\n", true, tagger, null).outcome());
        assertEquals(ReleaseGit.TagOutcome.ALREADY_THERE,
                git.createTag(url, "v1.0.0", CommitSha.parse(head), "## v1.0.0", true, tagger, null).outcome(), "a redelivery is done");
        Ref tag = repo.git().getRepository().exactRef("refs/tags/v1.0.0");
        assertNotNull(tag, "the served repository has the tag");
        try (RevWalk walk = new RevWalk(repo.git().getRepository())) {
            RevTag annotated = walk.parseTag(tag.getObjectId());
            assertEquals(head, annotated.getObject().name());
            assertTrue(annotated.getFullMessage().contains("### Features"), annotated.getFullMessage());
        }
        String other = repo.commit("fix: y", Map.of("a", "3"));
        git.commitsSince(url, GitRef.branch("main"), CommitSha.parse(other), 100);
        ReleaseGit.TagResult taken = git.createTag(url, "v1.0.0", CommitSha.parse(other), "m", true, tagger, null);
        assertEquals(ReleaseGit.TagOutcome.TAKEN, taken.outcome());
        assertEquals(head, taken.takenAt());
        assertEquals(ObjectId.fromString(head), repo.git().getRepository().getRefDatabase()
                .peel(repo.git().getRepository().exactRef("refs/tags/v1.0.0")).getPeeledObjectId(), "nothing moved");
    }

    @Test
    void twoInstancesCreatingTheSameTagAtOnceCreateItOnce() throws Exception {
        String head = repo.commit("feat: x", Map.of("a", "1"));
        ReleaseGit a = git("cache-a");
        ReleaseGit b = git("cache-b");
        a.commitsSince(url, GitRef.branch("main"), CommitSha.parse(head), 10);
        b.commitsSince(url, GitRef.branch("main"), CommitSha.parse(head), 10);
        var tagger = ReleaseGit.tagger("tagline", "tagline@localhost", Instant.parse("2026-01-02T00:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<ReleaseGit.TagOutcome> fromA = () -> a.createTag(url, "v1.0.0", CommitSha.parse(head), "m", true, tagger, null).outcome();
            Callable<ReleaseGit.TagOutcome> fromB = () -> b.createTag(url, "v1.0.0", CommitSha.parse(head), "m", true, tagger, null).outcome();
            Future<ReleaseGit.TagOutcome> fa = pool.submit(fromA);
            Future<ReleaseGit.TagOutcome> fb = pool.submit(fromB);
            List<ReleaseGit.TagOutcome> outcomes = List.of(fa.get(30, TimeUnit.SECONDS), fb.get(30, TimeUnit.SECONDS));
            assertEquals(1, outcomes.stream().filter(o -> o == ReleaseGit.TagOutcome.CREATED).count(), outcomes.toString());
            assertEquals(1, outcomes.stream().filter(o -> o == ReleaseGit.TagOutcome.ALREADY_THERE).count(), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
