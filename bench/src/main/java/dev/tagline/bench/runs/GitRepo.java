package dev.tagline.bench.runs;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;

/** The benchmark's source repository (JGit): a small app with a config file and one 128 KiB "binary". */
public final class GitRepo implements AutoCloseable {
    static final Instant FIRST_COMMIT = Instant.parse("2026-02-01T09:00:00Z");
    static final int BINARY_BYTES = 128 * 1024;

    private final Git git;
    private final Path dir;
    private int commits;

    private GitRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    public static GitRepo create(Path dir) throws Exception {
        Files.createDirectories(dir);
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        var config = git.getRepository().getConfig();
        config.setBoolean("commit", null, "gpgsign", false);
        config.setBoolean("tag", null, "gpgsign", false);
        config.save();
        return new GitRepo(git, dir);
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
        write(dir, files);
        for (String path : files.keySet()) {
            git.add().addFilepattern(path).call();
        }
        Instant when = FIRST_COMMIT.plusSeconds(3600L * commits++);
        PersonIdent ident = new PersonIdent("tagline bench", "bench@tagline.dev", when, ZoneOffset.UTC);
        String sha = git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false)
                .setAllowEmpty(true).call().getName();
        return new Commit(sha, when);
    }

    public record Commit(String sha, Instant time) {
    }

    public void tag(String name, String sha) throws Exception {
        try (var walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            git.tag().setName(name).setAnnotated(false)
                    .setObjectId(walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(sha))).call();
        }
    }

    public String cloneUrl() {
        return dir.toAbsolutePath().toUri().toString();
    }

    @Override
    public void close() {
        git.close();
    }
}
