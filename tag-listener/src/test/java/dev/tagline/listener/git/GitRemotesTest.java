package dev.tagline.listener.git;

import dev.tagline.schema.value.GitRef;
import dev.tagline.testkit.FreePorts;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JGit edge against real repositories: ls-remote, peeling through the bare cache, failures. */
class GitRemotesTest {
    @TempDir
    Path dir;

    @Test
    void lsRemoteListsBranchesAndTagsAndResolvePeelsAnnotatedTags() throws Exception {
        TestRepo repo = GitRepos.create(dir.resolve("repo"));
        String commit = repo.commit("one", Map.of("a", "1"));
        String tagObject = repo.annotatedTag("v1", "annotated");
        GitRemotes git = new GitRemotes(dir.resolve("cache"), 10);

        Map<String, RemoteRef> refs = git.lsRemote(repo.uri());
        assertEquals(commit, refs.get("refs/heads/main").objectId());
        assertEquals(tagObject, refs.get("refs/tags/v1").objectId());

        ResolvedCommit resolved = git.resolve(repo.uri(), GitRef.tag("v1"), tagObject);
        assertEquals(commit, resolved.commit().value());
        assertEquals(Instant.parse("2026-01-01T00:01:00Z"), resolved.commitTime());
        assertEquals(resolved, git.resolveAll(repo.uri(), Map.of(GitRef.tag("v1"), tagObject)).get(GitRef.tag("v1")),
                "served from the cache the second time");
    }

    @Test
    void missingRemoteIsAnAccessFailure() {
        GitRemotes git = new GitRemotes(dir.resolve("cache"), 10);
        assertThrows(GitAccessException.class, () -> git.lsRemote(dir.resolve("nothing").toUri().toString()));
    }

    @Test
    void sshRemotesHaveAClientAndAClosedPortIsAnAccessFailure() {
        GitRemotes git = new GitRemotes(dir.resolve("cache"), 5);
        GitAccessException e = assertThrows(GitAccessException.class,
                () -> git.lsRemote("ssh://git@127.0.0.1:" + FreePorts.find() + "/acme/shop.git"));
        assertFalse(e.getMessage().contains("SshSessionFactory"), e.getMessage());
    }

    @Test
    void credentialsInUrlsAreRedacted() {
        assertEquals("https://***@git.example.com/a/b.git", GitRemotes.redact("https://user:token@git.example.com/a/b.git"));
        assertTrue(GitRemotes.redact("ssh://git@host/x").contains("***@"));
    }
}
