package dev.tagline.deploy.demo;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

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
        try {
            Files.createDirectories(dir);
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            var config = git.getRepository().getConfig();
            config.setBoolean("commit", null, "gpgsign", false);
            config.setBoolean("tag", null, "gpgsign", false);
            config.save();
            return new DemoRepository(git, dir);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create the demo repository in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DemoRepository open(Path dir) {
        try {
            return new DemoRepository(Git.open(dir.toFile()), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the demo repository " + dir, e);
        }
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
        try {
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
        } catch (GitAPIException e) {
            throw new IllegalStateException("commit failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void checkout(String branch, String startPoint) {
        try {
            boolean exists = git.getRepository().findRef("refs/heads/" + branch) != null;
            var checkout = git.checkout().setName(branch).setCreateBranch(!exists);
            if (!exists && startPoint != null) {
                checkout.setStartPoint(startPoint);
            }
            checkout.call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("checkout " + branch + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void tag(String name) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            git.tag().setName(name).setAnnotated(false)
                    .setObjectId(walk.parseCommit(ObjectId.fromString(head()))).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("tag " + name + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of an annotated tag (a release tag tagline made), or "" when it is absent or lightweight. */
    String tagMessage(String name) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            var ref = git.getRepository().exactRef("refs/tags/" + name);
            if (ref == null) {
                return "";
            }
            var object = walk.parseAny(ref.getObjectId());
            return object instanceof org.eclipse.jgit.revwalk.RevTag tag ? tag.getFullMessage() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteTag(String name) {
        try {
            git.tagDelete().setTags(name).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("deleting tag " + name + " failed: " + e.getMessage(), e);
        }
    }

    String head() {
        try {
            return git.getRepository().resolve("HEAD").getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits made so far: the next commit's time follows from it, so a reopened repository goes on deterministically. */
    void countExistingCommits() {
        try {
            int n = 0;
            for (var ignored : git.log().all().call()) {
                n++;
            }
            commits = n;
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot read the demo repository's log: " + e.getMessage(), e);
        }
    }

    String cloneUrl() {
        return dir.toAbsolutePath().toUri().toString();
    }

    @Override
    public void close() {
        git.close();
    }
}
