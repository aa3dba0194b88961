package dev.tagline.listener.git;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JGit at the edge: {@code ls-remote}, and a bare cache per remote into which only the refs whose
 * commits we need are fetched, to peel annotated tags and read commit times.
 */
public class GitRemotes {
    private final Path cacheRoot;
    private final int timeoutSeconds;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public GitRemotes(Path cacheRoot, int timeoutSeconds) {
        this.cacheRoot = cacheRoot;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Every ref the remote advertises, by full name (HEAD and peeled {@code ^{}} entries folded in). */
    public Map<String, RemoteRef> lsRemote(String url) throws GitAccessException {
        try {
            Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url).setTimeout(timeoutSeconds)
                    .setHeads(false).setTags(false).call();
            Map<String, RemoteRef> out = new TreeMap<>();
            for (Ref ref : refs) {
                if (!ref.getName().startsWith("refs/") || ref.getObjectId() == null) {
                    continue;
                }
                ObjectId peeled = ref.getPeeledObjectId();
                out.put(ref.getName(), new RemoteRef(ref.getName(), ref.getObjectId().name(),
                        peeled == null ? null : peeled.name()));
            }
            return out;
        } catch (GitAPIException | RuntimeException e) {
            throw new GitAccessException("ls-remote " + redact(url) + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The commit {@code objectId} is or points to (peeling annotated tags) and its time, fetching
     * {@code ref} into the cache first when the object is not there yet.
     */
    public ResolvedCommit resolve(String url, GitRef ref, String objectId) throws GitAccessException {
        synchronized (locks.computeIfAbsent(url, k -> new Object())) {
            try (Repository repo = openCache(url)) {
                ObjectId id = ObjectId.fromString(objectId);
                if (!repo.getObjectDatabase().has(id)) {
                    fetch(repo, url, ref);
                }
                try (RevWalk walk = new RevWalk(repo)) {
                    RevCommit commit = walk.parseCommit(id);
                    return new ResolvedCommit(CommitSha.parse(commit.name()),
                            Instant.ofEpochSecond(commit.getCommitTime()));
                }
            } catch (MissingObjectException e) {
                throw new GitAccessException(objectId + " is not in " + redact(url) + " after fetching " + ref, e);
            } catch (IOException | RuntimeException e) {
                throw new GitAccessException("cannot read " + objectId + " of " + redact(url) + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Resolves many refs of one remote, fetching all the missing objects in one fetch.
     *
     * @param objects ref -> advertised object id
     */
    public Map<GitRef, ResolvedCommit> resolveAll(String url, Map<GitRef, String> objects) throws GitAccessException {
        if (objects.isEmpty()) {
            return Map.of();
        }
        synchronized (locks.computeIfAbsent(url, k -> new Object())) {
            try (Repository repo = openCache(url)) {
                List<GitRef> missing = new ArrayList<>();
                for (Map.Entry<GitRef, String> e : objects.entrySet()) {
                    if (!repo.getObjectDatabase().has(ObjectId.fromString(e.getValue()))) {
                        missing.add(e.getKey());
                    }
                }
                if (!missing.isEmpty()) {
                    fetch(repo, url, missing.toArray(GitRef[]::new));
                }
                Map<GitRef, ResolvedCommit> out = new TreeMap<>(java.util.Comparator.comparing(GitRef::value));
                try (RevWalk walk = new RevWalk(repo)) {
                    for (Map.Entry<GitRef, String> e : objects.entrySet()) {
                        RevCommit commit = walk.parseCommit(ObjectId.fromString(e.getValue()));
                        out.put(e.getKey(), new ResolvedCommit(CommitSha.parse(commit.name()),
                                Instant.ofEpochSecond(commit.getCommitTime())));
                    }
                }
                return out;
            } catch (IOException | RuntimeException e) {
                throw new GitAccessException("cannot resolve refs of " + redact(url) + ": " + e.getMessage(), e);
            }
        }
    }

    private void fetch(Repository repo, String url, GitRef... refs) throws GitAccessException {
        List<RefSpec> specs = new ArrayList<>();
        for (GitRef ref : refs) {
            String local = ref.isBranch() || ref.isTag() ? ref.value() : "refs/tagline/" + ref.value().substring(5);
            specs.add(new RefSpec("+" + ref.value() + ":" + local));
        }
        GitRef ref = refs[0];
        try (Git git = new Git(repo)) {
            git.fetch().setRemote(url).setRefSpecs(specs).setTimeout(timeoutSeconds).setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS).call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitAccessException("fetch " + ref + (refs.length > 1 ? " and " + (refs.length - 1) + " more" : "") + " from " + redact(url) + " failed: " + e.getMessage(), e);
        }
    }

    /** The lock that serializes this instance's use of one remote's cache. */
    Object lock(String url) {
        return locks.computeIfAbsent(url, k -> new Object());
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    Repository openCache(String url) throws IOException {
        Path dir = cacheRoot.resolve(cacheName(url));
        Files.createDirectories(dir);
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        if (!Files.exists(dir.resolve("objects"))) {
            repo.create(true);
        }
        return repo;
    }

    public static String cacheName(String url) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 24) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A URL with any user:password removed, for messages and logs. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("://[^/@]+@", "://***@");
    }
}
