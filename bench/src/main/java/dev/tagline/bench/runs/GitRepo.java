package dev.tagline.bench.runs;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A source repository the benchmarks commit to (JGit): first branch main, no signing, commits by one
 * fixed identity an hour apart from a fixed time, so two runs make the same commits.
 */
public final class GitRepo implements AutoCloseable {
    static final int BINARY_BYTES = 128 * 1024;
    private static final Identity BENCH = new Identity("tagline bench", "bench@tagline.dev", Instant.parse("2026-02-01T09:00:00Z"));

    /** Who commits, and when the first commit is. */
    public record Identity(String name, String email, Instant firstCommit) {
    }

    private final Git git;
    private final Path dir;
    private final Identity identity;
    private int commits;

    private GitRepo(Git git, Path dir, Identity identity) {
        this.git = git;
        this.dir = dir;
        this.identity = identity;
    }

    /** The latency benchmark's repository: a small app with a config file and one 128 KiB "binary". */
    public static GitRepo create(Path dir) throws Exception {
        return create(dir, BENCH);
    }

    public static GitRepo create(Path dir, Identity identity) throws Exception {
        Files.createDirectories(dir);
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        var config = git.getRepository().getConfig();
        config.setBoolean("commit", null, "gpgsign", false);
        config.setBoolean("tag", null, "gpgsign", false);
        config.save();
        return new GitRepo(git, dir, identity);
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
        write(dir, files);
        for (String path : files.keySet()) {
            if (executables.contains(path)) {
                Files.setPosixFilePermissions(dir.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            git.add().addFilepattern(path).call();
        }
        Instant when = identity.firstCommit().plusSeconds(3600L * commits++);
        PersonIdent ident = new PersonIdent(identity.name(), identity.email(), when, ZoneOffset.UTC);
        String sha = git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false)
                .setAllowEmpty(true).call().getName();
        return new Commit(sha, when);
    }

    public record Commit(String sha, Instant time) {
    }

    /** A lightweight tag {@code name} on {@code sha}. */
    public void tag(String name, String sha) throws Exception {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            git.tag().setName(name).setAnnotated(false).setObjectId(walk.parseCommit(ObjectId.fromString(sha))).call();
        }
    }

    public String head() throws IOException {
        return git.getRepository().resolve("refs/heads/main").getName();
    }

    public String cloneUrl() {
        return dir.toAbsolutePath().toUri().toString();
    }

    @Override
    public void close() {
        git.close();
    }
}
