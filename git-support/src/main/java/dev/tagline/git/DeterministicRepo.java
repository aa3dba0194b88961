package dev.tagline.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/**
 * A source repository that gives the same commits on every run: first branch {@code main}, nothing
 * signed whatever the user's Git configuration says, commits by one identity an hour apart from a fixed
 * time. The demo (deploy) and the benchmarks (bench) commit their app to one; testkit's repositories
 * start with {@link #init}.
 */
public final class DeterministicRepo implements AutoCloseable {
    /** Who commits, and when the first commit is. */
    public record Identity(String name, String email, Instant firstCommit) {
    }

    private final Git git;
    private final Path dir;
    private final Identity identity;
    private int commits;

    private DeterministicRepo(Git git, Path dir, Identity identity, int commits) {
        this.git = git;
        this.dir = dir;
        this.identity = identity;
        this.commits = commits;
    }

    /** A new non-bare repository in {@code dir} (created if missing) whose first branch is {@code main}; commits and tags unsigned. */
    public static Git init(Path dir) throws GitAPIException, IOException {
        Files.createDirectories(dir);
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        var config = git.getRepository().getConfig();
        config.setBoolean("commit", null, "gpgsign", false);
        config.setBoolean("tag", null, "gpgsign", false);
        config.save();
        return git;
    }

    public static DeterministicRepo create(Path dir, Identity identity) throws GitAPIException, IOException {
        return new DeterministicRepo(init(dir), dir, identity, 0);
    }

    /** One made before: the next commit's time follows from the commits it has, so it goes on as if never closed. */
    public static DeterministicRepo open(Path dir, Identity identity) throws GitAPIException, IOException {
        Git git = Git.open(dir.toFile());
        int commits = 0;
        for (var ignored : git.log().all().call()) {
            commits++;
        }
        return new DeterministicRepo(git, dir, identity, commits);
    }

    /** Writes the files (others unchanged), {@code executables} among them with mode 755, and commits them at the next time. */
    public RevCommit commit(String message, Map<String, byte[]> files, Set<String> executables) throws GitAPIException, IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
            if (executables.contains(file.getKey())) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            git.add().addFilepattern(file.getKey()).call();
        }
        PersonIdent ident = new PersonIdent(identity.name(), identity.email(),
                identity.firstCommit().plusSeconds(3600L * commits++), ZoneOffset.UTC);
        return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false)
                .setAllowEmpty(true).call();
    }

    /** A lightweight tag {@code name} on {@code sha}. */
    public void tag(String name, String sha) throws GitAPIException, IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            git.tag().setName(name).setAnnotated(false).setObjectId(walk.parseCommit(ObjectId.fromString(sha))).call();
        }
    }

    /** The commit {@code rev} names ({@code HEAD}, {@code refs/heads/main}). */
    public String resolve(String rev) throws IOException {
        return git.getRepository().resolve(rev).getName();
    }

    public String cloneUrl() {
        return dir.toAbsolutePath().toUri().toString();
    }

    /** For what this class does not do (branches, deleting tags, reading tags). */
    public Git git() {
        return git;
    }

    @Override
    public void close() {
        git.close();
    }
}
