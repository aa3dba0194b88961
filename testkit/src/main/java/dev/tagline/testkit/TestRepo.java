package dev.tagline.testkit;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A Git repository for a test. Commits and annotated tags get a fixed identity and, unless given,
 * a deterministic time (2026-01-01T00:00Z plus one minute per commit), so the same sequence of
 * calls gives the same commit ids on every run.
 */
public final class TestRepo implements AutoCloseable {
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final Git git;
    private final Path dir;
    private int clock;

    TestRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    /** Writes the files (path -> content; null content deletes), commits them, and returns the commit sha. */
    public String commit(String message, Map<String, String> files) {
        return commitAt(message, files, EPOCH.plusSeconds(60L * ++clock));
    }

    public String commitAt(String message, Map<String, String> files, Instant time) {
        return run("commit", () -> {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                if (file.getValue() == null) {
                    Files.deleteIfExists(path);
                    git.rm().addFilepattern(file.getKey()).call();
                } else {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                    git.add().addFilepattern(file.getKey()).call();
                }
            }
            PersonIdent ident = ident(time);
            RevCommit commit = git.commit().setMessage(message).setAuthor(ident).setCommitter(ident)
                    .setAllowEmpty(true).setSign(false).call();
            return commit.getName();
        });
    }

    /** A lightweight tag at HEAD. */
    public String tag(String name) {
        return tag(name, head());
    }

    /** A lightweight tag at the commit; moves an existing tag of that name. */
    public String tag(String name, String sha) {
        return run("tag " + name, () -> {
            try (RevWalk walk = new RevWalk(git.getRepository())) {
                git.tag().setName(name).setObjectId(walk.parseCommit(ObjectId.fromString(sha)))
                        .setAnnotated(false).setForceUpdate(true).call();
                return sha;
            }
        });
    }

    /** An annotated tag at HEAD; returns the id of the tag object (peel it to get the commit). */
    public String annotatedTag(String name, String message) {
        PersonIdent tagger = ident(EPOCH.plusSeconds(60L * ++clock));
        return run("annotated tag " + name, () -> git.tag().setName(name).setMessage(message).setAnnotated(true).setSigned(false)
                .setTagger(tagger).setForceUpdate(true).call().getObjectId().getName());
    }

    /** A branch at HEAD (HEAD stays where it is). */
    public void branch(String name) {
        run("branch " + name, () -> git.branchCreate().setName(name).setForce(true).call());
    }

    /** Switches to the branch, creating it at HEAD if it does not exist. */
    public void checkout(String branch) {
        run("checkout " + branch, () -> {
            boolean exists = git.getRepository().findRef("refs/heads/" + branch) != null;
            return git.checkout().setName(branch).setCreateBranch(!exists).call();
        });
    }

    public void deleteTag(String name) {
        run("delete tag " + name, () -> git.tagDelete().setTags(name).call());
    }

    public void deleteBranch(String name) {
        run("delete branch " + name, () -> git.branchDelete().setBranchNames(name).setForce(true).call());
    }

    /** The commit sha HEAD points at. */
    public String head() {
        try {
            ObjectId id = git.getRepository().resolve("HEAD");
            if (id == null) {
                throw new IllegalStateException("the repository has no commit yet");
            }
            return id.getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code file://} URL of the repository, for cloning, ls-remote and clone URLs in events. */
    public String uri() {
        return dir.toAbsolutePath().toUri().toString();
    }

    public Path dir() {
        return dir;
    }

    public Git git() {
        return git;
    }

    /** A JGit call that may fail. */
    private interface GitCall<T> {
        T call() throws GitAPIException, IOException;
    }

    /** Runs {@code call}; a failure names {@code what} failed. */
    private static <T> T run(String what, GitCall<T> call) {
        try {
            return call.call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PersonIdent ident(Instant time) {
        return new PersonIdent("tagline test", "test@tagline.dev", time, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        git.close();
    }
}
