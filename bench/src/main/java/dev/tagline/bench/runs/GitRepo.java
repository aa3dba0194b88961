package dev.tagline.bench.runs;

import dev.tagline.git.DeterministicRepo;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A source repository the benchmarks commit to ({@link DeterministicRepo}): first branch main, no signing,
 * commits by one fixed identity an hour apart from a fixed time, so two runs make the same commits.
 */
public final class GitRepo implements AutoCloseable {
    static final int BINARY_BYTES = 128 * 1024;
    private static final DeterministicRepo.Identity BENCH = new DeterministicRepo.Identity("tagline bench", "bench@tagline.dev",
            Instant.parse("2026-02-01T09:00:00Z"));

    private final DeterministicRepo repo;

    private GitRepo(DeterministicRepo repo) {
        this.repo = repo;
    }

    /** The latency benchmark's repository: a small app with a config file and one 128 KiB "binary". */
    public static GitRepo create(Path dir) throws Exception {
        return create(dir, BENCH);
    }

    public static GitRepo create(Path dir, DeterministicRepo.Identity identity) throws Exception {
        return new GitRepo(DeterministicRepo.create(dir, identity));
    }

    /** The files of the app at a version: the config names it, the binary is 128 KiB seeded by it. */
    static Map<String, byte[]> appFiles(String version) {
        byte[] binary = new byte[BINARY_BYTES];
        new Random(version.hashCode()).nextBytes(binary);
        return Map.of(
                "app/config.properties", ("greeting=hello\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8),
                "dist/amd64/hello", binary);
    }

    static void write(Path root, Map<String, byte[]> files) throws Exception {
        for (var f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    /** Commits the files (others unchanged); returns the commit sha and its time. */
    public Commit commit(String message, Map<String, byte[]> files) throws Exception {
        return commit(message, files, Set.of());
    }

    /** Commits the files (others unchanged), {@code executables} among them with mode 755. */
    public Commit commit(String message, Map<String, byte[]> files, Set<String> executables) throws Exception {
        RevCommit c = repo.commit(message, files, executables);
        return new Commit(c.getName(), c.getCommitterIdent().getWhenAsInstant());
    }

    public record Commit(String sha, Instant time) {
    }

    /** A lightweight tag {@code name} on {@code sha}. */
    public void tag(String name, String sha) throws Exception {
        repo.tag(name, sha);
    }

    public String head() throws IOException {
        return repo.resolve("refs/heads/main");
    }

    public String cloneUrl() {
        return repo.cloneUrl();
    }

    @Override
    public void close() {
        repo.close();
    }
}
