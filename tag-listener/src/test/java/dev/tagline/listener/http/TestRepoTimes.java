package dev.tagline.listener.http;

import dev.tagline.testkit.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

final class TestRepoTimes {
    private TestRepoTimes() {
    }

    static Instant commitTime(TestRepo repo, String sha) {
        try (RevWalk walk = new RevWalk(repo.git().getRepository())) {
            return Instant.ofEpochSecond(walk.parseCommit(ObjectId.fromString(sha)).getCommitTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
