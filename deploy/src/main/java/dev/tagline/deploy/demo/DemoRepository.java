package dev.tagline.deploy.demo;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The demo's Git repository: a small app with per-platform binaries, committed with a fixed identity
 * and fixed times, so two demo runs make the same commits and therefore the same image digests.
 */
final class DemoRepository implements AutoCloseable {
    static final Instant FIRST_COMMIT = Instant.parse("2026-01-05T09:00:00Z");

    private final Git git;
    private final Path dir;
    private int commits;

    private DemoRepository(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    static DemoRepository create(Path dir) {
        return run("creating the demo repository in " + dir, () -> {
            Files.createDirectories(dir);
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            var config = git.getRepository().getConfig();
            config.setBoolean("commit", null, "gpgsign", false);
            config.setBoolean("tag", null, "gpgsign", false);
            config.save();
            return new DemoRepository(git, dir);
        });
    }

    static DemoRepository open(Path dir) {
        return run("opening the demo repository " + dir, () -> new DemoRepository(Git.open(dir.toFile()), dir));
    }

    /** The app at a version: a README, a config file and one "binary" per architecture. */
    String commitApp(String message, String version) {
        return commit(message, Map.of(
                "README.md", "# hello\n\nThe tagline demo app, version " + version + ".\n",
                "app/config.properties", "greeting=hello\nversion=" + version + "\n",
                "dist/amd64/hello", "#!/bin/sh\necho 'hello " + version + " (amd64)'\n",
                "dist/arm64/hello", "#!/bin/sh\necho 'hello " + version + " (arm64)'\n"));
    }

    String commit(String message, Map<String, String> files) {
        return run("commit", () -> {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                if (file.getKey().startsWith("dist/")) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                git.add().addFilepattern(file.getKey()).call();
            }
            PersonIdent ident = new PersonIdent("tagline demo", "demo@tagline.dev",
                    FIRST_COMMIT.plusSeconds(3600L * commits++), ZoneOffset.UTC);
            return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false)
                    .setAllowEmpty(true).call().getName();
        });
    }

    void checkout(String branch, String startPoint) {
        run("checkout " + branch, () -> {
            boolean exists = git.getRepository().findRef("refs/heads/" + branch) != null;
            var checkout = git.checkout().setName(branch).setCreateBranch(!exists);
            if (!exists && startPoint != null) {
                checkout.setStartPoint(startPoint);
            }
            return checkout.call();
        });
    }

    void tag(String name) {
        run("tag " + name, () -> {
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                return git.tag().setName(name).setAnnotated(false)
                        .setObjectId(walk.parseCommit(ObjectId.fromString(head()))).call();
            }
        });
    }

    /** The message of an annotated tag (a release tag tagline made), or "" when it is absent or lightweight. */
    String tagMessage(String name) {
        return run("reading tag " + name, () -> {
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                var ref = git.getRepository().exactRef("refs/tags/" + name);
                if (ref == null) {
                    return "";
                }
                var object = walk.parseAny(ref.getObjectId());
                return object instanceof org.eclipse.jgit.revwalk.RevTag tag ? tag.getFullMessage() : "";
            }
        });
    }

    void deleteTag(String name) {
        run("deleting tag " + name, () -> git.tagDelete().setTags(name).call());
    }

    String head() {
        return run("resolving HEAD", () -> git.getRepository().resolve("HEAD").getName());
    }

    /** Commits made so far: the next commit's time follows from it, so a reopened repository goes on deterministically. */
    void countExistingCommits() {
        commits = run("reading the demo repository's log", () -> {
            int n = 0;
            for (var ignored : git.log().all().call()) {
                n++;
            }
            return n;
        });
    }

    String cloneUrl() {
        return dir.toAbsolutePath().toUri().toString();
    }

    @Override
    public void close() {
        git.close();
    }

    /** Runs a JGit step; a failure says which step failed. */
    private static <T> T run(String what, Callable<T> step) {
        try {
            return step.call();
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
