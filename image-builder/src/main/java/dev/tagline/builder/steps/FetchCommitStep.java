package dev.tagline.builder.steps;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.RepositoryId;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets the planned commit into a bare per-repository cache ({@code <cache>/git/<repo>.git}) and
 * writes its tree into a fresh directory. A commit already in the cache costs no network; otherwise
 * exactly that commit is fetched, shallow (depth 1: no history), falling back to an incremental fetch
 * of branches and tags when the server refuses to serve an unadvertised commit. Never a full re-clone.
 */
public final class FetchCommitStep {
    private static final Logger LOG = LoggerFactory.getLogger(FetchCommitStep.class);

    private static final String TAGS = "refs/tagline/tags/";

    private final Path gitCache;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public FetchCommitStep(Path gitCache) {
        this.gitCache = gitCache;
    }

    /** Fetches if needed and writes the commit's files into {@code into} (created, must not exist or be empty). */
    public void fetchAndCheckout(RepositoryId repository, String cloneUrl, CommitSha commit, Path into) throws BuildFailure {
        fetchAndCheckout(repository, cloneUrl, commit, into, null);
    }

    /**
     * As {@link #fetchAndCheckout(RepositoryId, String, CommitSha, Path)}; a fetch also brings the git tag {@code tagName}
     * (null: none) in the same round trip, so {@link #annotatedTagMessage} then needs no fetch of its own.
     */
    public void fetchAndCheckout(RepositoryId repository, String cloneUrl, CommitSha commit, Path into, String tagName)
            throws BuildFailure {
        Path bare = gitCache.resolve(cacheName(repository));
        Object lock = locks.computeIfAbsent(bare.toString(), k -> new Object());
        try {
            synchronized (lock) {
                fetchOnly(bare, cloneUrl, commit, tagName);
            }
            // outside the lock: another build of the repository fetches meanwhile (objects are only ever added)
            checkout(bare, commit, into);
            return;
        } catch (IOException first) {
            LOG.debug("git cache {}: {}", bare, first.getMessage());
        }
        synchronized (lock) {
            try {
                deleteTree(into);
                fetchAndCheckout(bare, cloneUrl, commit, into, tagName);
            } catch (IOException first) {
                // the mirror is only a cache: one left half-made (a builder killed while creating it) is made again
                LOG.warn("git cache {} is unusable ({}): recreating it", bare, Failures.firstLine(first.getMessage()));
                try {
                    deleteTree(bare);
                    deleteTree(into);
                    fetchAndCheckout(bare, cloneUrl, commit, into, tagName);
                } catch (IOException e) {
                    throw new BuildFailure(BuildFailure.Stage.FETCH, "cannot use the git cache " + bare + ": "
                            + Failures.firstLine(e.getMessage()), (dev.tagline.builder.failure.RetryCause) null, e);
                }
            }
        }
    }

    /**
     * The message of the annotated tag {@code tagName} when it points at {@code commit} (a release tag and its notes:
     * tagline's own releases carry their changelog there); empty for a lightweight tag, a tag moved elsewhere since, or
     * one gone from the remote. Fetches only that tag (depth 1) into the same mirror.
     */
    public Optional<String> annotatedTagMessage(RepositoryId repository, String cloneUrl, String tagName, CommitSha commit)
            throws BuildFailure {
        Path bare = gitCache.resolve(cacheName(repository));
        Object lock = locks.computeIfAbsent(bare.toString(), k -> new Object());
        synchronized (lock) {
            try (Repository repo = openOrCreate(bare)) {
                String keep = TAGS + tagName;
                if (pointsAt(repo, keep, commit)) {
                    return message(repo, keep, commit); // fetched with the commit (or before): no round trip
                }
                Optional<java.io.File> local = LocalRemote.gitDir(cloneUrl);
                if (local.isPresent()) {
                    return localTagMessage(local.get(), tagName, commit);
                }
                try {
                    new Git(repo).fetch().setRemote(cloneUrl).setRefSpecs(new RefSpec("+refs/tags/" + tagName + ":" + keep))
                            .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS).setDepth(1).call();
                } catch (org.eclipse.jgit.api.errors.TransportException e) {
                    if (String.valueOf(e.getMessage()).contains("does not have")) {
                        return Optional.empty(); // deleted since: no notes to attach
                    }
                    throw new BuildFailure(BuildFailure.Stage.FETCH, "fetching tag " + tagName + " of " + redact(cloneUrl) + " failed: "
                            + Failures.firstLine(e.getMessage()), false, e);
                } catch (GitAPIException | RuntimeException e) {
                    LOG.debug("tag {} of {} not fetched: {}", tagName, redact(cloneUrl), e.getMessage());
                    return Optional.empty();
                }
                return message(repo, keep, commit);
            } catch (IOException e) {
                throw new BuildFailure(BuildFailure.Stage.FETCH, "cannot read tag " + tagName + " from the git cache " + bare + ": "
                        + Failures.firstLine(e.getMessage()), (dev.tagline.builder.failure.RetryCause) null, e);
            }
        }
    }

    /**
     * The commit's own time (committer time, as tag-listener reads it), fetching the commit into the mirror when it is not
     * there yet: what dates an image whose plan did not know it.
     */
    public Instant commitTime(RepositoryId repository, String cloneUrl, CommitSha commit) throws BuildFailure {
        Path bare = gitCache.resolve(cacheName(repository));
        Object lock = locks.computeIfAbsent(bare.toString(), k -> new Object());
        synchronized (lock) {
            try (Repository repo = openOrCreate(bare)) {
                ObjectId id = ObjectId.fromString(commit.value());
                if (!hasCommit(repo, id)) {
                    fetch(repo, cloneUrl, id, null);
                }
                try (RevWalk walk = new RevWalk(repo)) {
                    return Instant.ofEpochSecond(walk.parseCommit(id).getCommitTime());
                }
            } catch (IOException e) {
                throw new BuildFailure(BuildFailure.Stage.FETCH, "cannot read the time of commit " + commit.value() + " from the git cache "
                        + bare + ": " + Failures.firstLine(e.getMessage()), (dev.tagline.builder.failure.RetryCause) null, e);
            }
        }
    }

    /** The message of a local remote's annotated tag {@code tagName} when it names {@code commit}, read in place. */
    private static Optional<String> localTagMessage(java.io.File gitDir, String tagName, CommitSha commit) throws IOException {
        try (Repository source = LocalRemote.open(gitDir)) {
            return message(source, org.eclipse.jgit.lib.Constants.R_TAGS + tagName, commit);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }

    /** True when {@code ref} is here and (peeled) names {@code commit}: what the remote says about it is known. */
    private static boolean pointsAt(Repository repo, String ref, CommitSha commit) throws IOException {
        org.eclipse.jgit.lib.Ref found = repo.exactRef(ref);
        if (found == null) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.peel(walk.parseAny(found.getObjectId())).getId().name().equals(commit.value());
        } catch (MissingObjectException e) {
            return false;
        }
    }

    /** The message of the annotated tag at {@code ref} when it points at {@code commit}; empty for anything else. */
    private static Optional<String> message(Repository repo, String ref, CommitSha commit) throws IOException {
        org.eclipse.jgit.lib.Ref found = repo.exactRef(ref);
        if (found == null) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repo)) {
            org.eclipse.jgit.revwalk.RevObject object = walk.parseAny(found.getObjectId());
            if (!(object instanceof org.eclipse.jgit.revwalk.RevTag tag) || !walk.peel(tag).getId().name().equals(commit.value())) {
                return Optional.empty();
            }
            return Optional.of(tag.getFullMessage());
        } catch (MissingObjectException e) {
            return Optional.empty();
        }
    }

    private static void fetchOnly(Path bare, String cloneUrl, CommitSha commit, String tagName) throws IOException, BuildFailure {
        try (Repository repo = openOrCreate(bare)) {
            ObjectId id = ObjectId.fromString(commit.value());
            if (!hasCommit(repo, id)) {
                fetch(repo, cloneUrl, id, tagName);
            }
        }
    }

    private static void fetchAndCheckout(Path bare, String cloneUrl, CommitSha commit, Path into, String tagName)
            throws IOException, BuildFailure {
        fetchOnly(bare, cloneUrl, commit, tagName);
        checkout(bare, commit, into);
    }

    private static void checkout(Path bare, CommitSha commit, Path into) throws IOException {
        try (Repository repo = openOrCreate(bare)) {
            checkout(repo, ObjectId.fromString(commit.value()), into);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String cacheName(RepositoryId repository) {
        String safe = repository.value().replaceAll("[^A-Za-z0-9._-]", "_");
        return safe + "-" + Digest.of(repository.value()).hex().substring(0, 8) + ".git";
    }

    private static Repository openOrCreate(Path bare) throws IOException {
        Files.createDirectories(bare.getParent());
        Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setBare().build();
        if (!repo.getObjectDatabase().exists()) {
            repo.create(true);
        }
        return repo;
    }

    private static boolean hasCommit(Repository repo, ObjectId id) throws IOException {
        if (!repo.getObjectDatabase().has(id)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            walk.parseCommit(id);
            return true;
        } catch (MissingObjectException e) {
            return false;
        }
    }

    private static void fetch(Repository repo, String cloneUrl, ObjectId id, String tagName) throws BuildFailure, IOException {
        String keep = "refs/tagline/commits/" + id.name();
        if (copiedFromLocal(repo, cloneUrl, id, keep, tagName)) {
            return;
        }
        Git git = new Git(repo);
        List<RefSpec> specs = new java.util.ArrayList<>(List.of(new RefSpec("+" + id.name() + ":" + keep)));
        if (tagName != null) {
            specs.add(new RefSpec("+refs/tags/" + tagName + ":" + TAGS + tagName));
        }
        try {
            // depth 1: only the planned commit and its tree, so the remote does not walk and pack the history
            // (its pack building was most of the builder's CPU, issue 14); the history is never needed here
            git.fetch().setRemote(cloneUrl).setRefSpecs(specs).setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS).setDepth(1).call();
        } catch (GitAPIException | RuntimeException e) {
            LOG.debug("fetching {} by id{} was refused ({})", id.name(), tagName == null ? "" : " with tag " + tagName, e.getMessage());
            if (tagName != null) {
                try {
                    // the tag may be gone (deleted since the plan): the commit alone
                    git.fetch().setRemote(cloneUrl).setRefSpecs(specs.get(0)).setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS)
                            .setDepth(1).call();
                } catch (GitAPIException | RuntimeException again) {
                    LOG.debug("fetching {} by id was refused ({}); fetching branches and tags", id.name(), again.getMessage());
                }
            }
        }
        if (!hasCommit(repo, id)) {
            try {
                git.fetch().setRemote(cloneUrl)
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/tagline/heads/*"), new RefSpec("+refs/tags/*:refs/tagline/tags/*"))
                        .call();
            } catch (GitAPIException | RuntimeException e) {
                // FailureClassifier: an unreachable remote is transient, "not authorized" / "not found" permanent
                throw new BuildFailure(BuildFailure.Stage.FETCH, "fetching " + redact(cloneUrl) + " failed: "
                        + Failures.firstLine(e.getMessage()), false, e);
            }
        }
        if (!hasCommit(repo, id)) {
            throw BuildFailure.permanent(BuildFailure.Stage.FETCH, "commit " + id.name() + " is not in " + redact(cloneUrl)
                    + " (not fetchable by id, and on no branch or tag)");
        }
    }

    /**
     * A remote on this machine: the commit (and the tag) copied object by object, no pack built ({@link LocalRemote}). False
     * when the remote is not local or lacks the commit: then it is fetched as any remote (and fails as any would).
     */
    private static boolean copiedFromLocal(Repository repo, String cloneUrl, ObjectId id, String keep, String tagName) throws IOException {
        Optional<java.io.File> local = LocalRemote.gitDir(cloneUrl);
        if (local.isEmpty()) {
            return false;
        }
        try (Repository source = LocalRemote.open(local.get())) {
            return LocalRemote.copyCommit(source, repo, id, keep, tagName, tagName == null ? null : TAGS + tagName);
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            return false;
        }
    }

    private static void checkout(Repository repo, ObjectId id, Path into) throws IOException {
        Files.createDirectories(into);
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader(); TreeWalk tree = new TreeWalk(reader)) {
            RevCommit commit = walk.parseCommit(id);
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                Path path = into.resolve(tree.getPathString()).normalize();
                if (!path.startsWith(into)) {
                    continue;
                }
                if (mode == FileMode.GITLINK) {
                    continue;
                }
                Files.createDirectories(path.getParent());
                byte[] content = null;
                if (mode == FileMode.SYMLINK) {
                    content = reader.open(tree.getObjectId(0)).getBytes();
                    Files.createSymbolicLink(path, Path.of(new String(content, StandardCharsets.UTF_8)));
                    continue;
                }
                try (OutputStream out = Files.newOutputStream(path)) {
                    reader.open(tree.getObjectId(0)).copyTo(out);
                }
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        mode == FileMode.EXECUTABLE_FILE ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** A clone URL without any user:password part, for messages. */
    static String redact(String url) {
        return url.replaceAll("://[^/@]*@", "://***@");
    }
}
