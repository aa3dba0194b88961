package dev.tagline.testkit;

import dev.tagline.git.DeterministicRepo;
import org.eclipse.jgit.api.errors.GitAPIException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Real Git repositories for tests, made with JGit. */
public final class GitRepos {
    private GitRepos() {
    }

    /** A new non-bare repository in {@code dir} (created if missing) whose first branch is {@code main}. */
    public static TestRepo create(Path dir) {
        try {
            return new TestRepo(DeterministicRepo.init(dir), dir);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot init a repository in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new repository in {@code dir} with one commit ({@code a.txt}) on {@code main}: a remote with some history. */
    public static TestRepo withOneCommit(Path dir) {
        TestRepo repo = create(dir);
        repo.commit("one", Map.of("a.txt", "1"));
        return repo;
    }
}
