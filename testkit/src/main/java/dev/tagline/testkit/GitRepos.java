package dev.tagline.testkit;

import dev.tagline.git.DeterministicRepo;
import org.eclipse.jgit.api.errors.GitAPIException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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
}
