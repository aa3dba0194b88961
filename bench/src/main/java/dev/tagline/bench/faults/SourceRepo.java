package dev.tagline.bench.faults;

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

/**
 * One scenario's source repository (JGit, the same small app as deploy's demo: a config file and one
 * "binary" per architecture), committed with a fixed identity and fixed times. The listener reads it
 * where it lies ({@code file://}), or through the git daemon ({@code git://127.0.0.1:port/name}) when
 * the scenario takes the remote away. Committing and tagging here is pushing: the listener and the
 * builder see it at once.
 */
final class SourceRepo implements AutoCloseable {
    private static final Instant FIRST_COMMIT = Instant.parse("2026-03-02T09:00:00Z");

    private final Git git;
    private final Path dir;
    private final String cloneUrl;
    private int commits;

    private SourceRepo(Git git, Path dir, String cloneUrl) {
        this.git = git;
        this.dir = dir;
        this.cloneUrl = cloneUrl;
    }

    /** A new repository with one commit on main; {@code cloneUrl} null means its file:// URL. */
    static SourceRepo create(Path dir, String cloneUrl) throws Exception {
        Files.createDirectories(dir);
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        var config = git.getRepository().getConfig();
        config.setBoolean("commit", null, "gpgsign", false);
        config.setBoolean("tag", null, "gpgsign", false);
        config.save();
        SourceRepo repo = new SourceRepo(git, dir, cloneUrl == null ? dir.toAbsolutePath().toUri().toString() : cloneUrl);
        repo.commit("0.0.1");
        return repo;
    }

    record Commit(String sha, Instant time) {
    }

    /** The app at a version, committed on main. */
    synchronized Commit commit(String version) throws Exception {
        Map<String, String> files = Map.of(
                "app/config.properties", "greeting=hello\nversion=" + version + "\n",
                "dist/amd64/hello", "#!/bin/sh\necho 'hello " + version + " (amd64)'\n",
                "dist/arm64/hello", "#!/bin/sh\necho 'hello " + version + " (arm64)'\n");
        for (var f : files.entrySet()) {
            Path path = dir.resolve(f.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
            if (f.getKey().startsWith("dist/")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            git.add().addFilepattern(f.getKey()).call();
        }
        Instant when = FIRST_COMMIT.plusSeconds(3600L * commits++);
        PersonIdent ident = new PersonIdent("tagline faults", "faults@tagline.dev", when, ZoneOffset.UTC);
        String sha = git.commit().setMessage("hello " + version).setAuthor(ident).setCommitter(ident).setSign(false)
                .setAllowEmpty(true).call().getName();
        return new Commit(sha, when);
    }

    /** A lightweight tag {@code name} on {@code sha}. */
    synchronized void tag(String name, String sha) throws Exception {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            git.tag().setName(name).setAnnotated(false).setObjectId(walk.parseCommit(ObjectId.fromString(sha))).call();
        }
    }

    synchronized String head() throws IOException {
        return git.getRepository().resolve("refs/heads/main").getName();
    }

    String cloneUrl() {
        return cloneUrl;
    }

    @Override
    public void close() {
        git.close();
    }
}
