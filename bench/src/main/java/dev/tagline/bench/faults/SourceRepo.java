package dev.tagline.bench.faults;

import dev.tagline.bench.runs.GitRepo;
import dev.tagline.git.DeterministicRepo;
import dev.tagline.git.HelloApp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One scenario's source repository ({@link HelloApp}, as deploy's demo), committed with a fixed identity
 * and fixed times. The listener reads it where it lies ({@code file://}), or through the git daemon
 * ({@code git://127.0.0.1:port/name}) when the scenario takes the remote away. Committing and tagging
 * here is pushing: the listener and the builder see it at once.
 */
final class SourceRepo implements AutoCloseable {
    private static final DeterministicRepo.Identity FAULTS = new DeterministicRepo.Identity("tagline faults", "faults@tagline.dev",
            Instant.parse("2026-03-02T09:00:00Z"));

    private final GitRepo git;
    private final String cloneUrl;

    private SourceRepo(GitRepo git, String cloneUrl) {
        this.git = git;
        this.cloneUrl = cloneUrl;
    }

    /** A new repository with one commit on main; {@code cloneUrl} null means its file:// URL. */
    static SourceRepo create(Path dir, String cloneUrl) throws Exception {
        GitRepo git = GitRepo.create(dir, FAULTS);
        SourceRepo repo = new SourceRepo(git, cloneUrl == null ? git.cloneUrl() : cloneUrl);
        repo.commit("0.0.1");
        return repo;
    }

    /** The app at a version, committed on main. */
    synchronized GitRepo.Commit commit(String version) throws Exception {
        return git.commit("hello " + version, HelloApp.files(version), HelloApp.BINARIES);
    }

    /** A lightweight tag {@code name} on {@code sha}. */
    synchronized void tag(String name, String sha) throws Exception {
        git.tag(name, sha);
    }

    synchronized String head() throws IOException {
        return git.head();
    }

    String cloneUrl() {
        return cloneUrl;
    }

    @Override
    public void close() {
        git.close();
    }
}
