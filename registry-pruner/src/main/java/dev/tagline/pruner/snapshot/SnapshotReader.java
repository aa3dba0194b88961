package dev.tagline.pruner.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.pruner.history.PushTimes;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads one image repository into a {@link RegistrySnapshot}, failing closed:
 * <ul>
 *   <li>every page of {@code tags/list} (the client follows Link and n/last and detects loops);</li>
 *   <li>every tag resolved (HEAD with every OCI and Docker Accept type); a tag that cannot be resolved
 *       fails the whole read;</li>
 *   <li>every manifest, recursively through index children and referrers; a tag's manifest that cannot
 *       be read is left out, so planning refuses; a child the registry does not have (404) is a partial
 *       index and tolerated; any other error on a child fails the whole read;</li>
 *   <li>config created times for images (only used as an age for images tagline never pushed).</li>
 * </ul>
 * Every registry call runs on a pool of {@code parallelism} threads: tags are resolved concurrently, and
 * manifests are read wave by wave (tag targets, then their children and referrers, ...), each one's
 * manifest, config and referrers listing in one task.
 */
public final class SnapshotReader {
    private static final long MAX_CONFIG_BYTES = 4L * 1024 * 1024;

    private final RegistryClient client;
    private final PushTimes pushTimes;
    private final int parallelism;
    private final boolean referrersApi;
    private final Consumer<String> progress;

    public SnapshotReader(RegistryClient client, PushTimes pushTimes, int parallelism, boolean referrersApi, Consumer<String> progress) {
        this.client = client;
        this.pushTimes = pushTimes == null ? PushTimes.NONE : pushTimes;
        this.parallelism = Math.max(1, parallelism);
        this.referrersApi = referrersApi;
        this.progress = progress == null ? s -> { } : progress;
    }

    /** Why a snapshot could not be taken at all. */
    public static class SnapshotException extends Exception {
        public SnapshotException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Fail closed: a listed tag whose manifest the registry cannot serve. */
    public static class UnreadableTagsException extends SnapshotException {
        public UnreadableTagsException(String message) {
            super(message, null);
        }
    }

    public RegistrySnapshot read(ImageRepository repo) throws SnapshotException {
        List<ImageTag> tagNames;
        try {
            tagNames = client.listTags(repo);
        } catch (RegistryException e) {
            throw new SnapshotException("cannot list the tags of " + repo + ": " + e.getMessage(), e);
        }
        progress.accept("listed " + tagNames.size() + " tags of " + repo);
        Set<ImageTag> listed = Set.copyOf(tagNames);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "snapshot-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Optional<RegistrySnapshot.Tag>>> resolving = new ArrayList<>();
            for (ImageTag tag : tagNames) {
                resolving.add(pool.submit(() -> client.resolve(repo, tag).map(d -> new RegistrySnapshot.Tag(tag, d.digest(),
                        pushTimes.tagPushedAt(repo, tag, d.digest())))));
            }
            List<RegistrySnapshot.Tag> tags = new ArrayList<>();
            List<ImageTag> vanished = new ArrayList<>();
            for (int i = 0; i < resolving.size(); i++) {
                Optional<RegistrySnapshot.Tag> t = await(resolving.get(i), "resolving tag " + tagNames.get(i) + " of " + repo);
                if (t.isPresent()) {
                    tags.add(t.get());
                } else {
                    vanished.add(tagNames.get(i));
                }
            }
            if (!vanished.isEmpty()) {
                // Deleted since the listing, or listed but unreadable (its manifest is gone from storage)? Ask again.
                Set<ImageTag> listedNow;
                try {
                    listedNow = new java.util.HashSet<>(client.listTags(repo));
                } catch (RegistryException e) {
                    throw new SnapshotException("cannot list the tags of " + repo + " again: " + e.getMessage(), e);
                }
                List<ImageTag> unreadable = vanished.stream().filter(listedNow::contains).toList();
                if (!unreadable.isEmpty()) {
                    throw new UnreadableTagsException("refusing " + repo + ": " + unreadable.size() + " tag(s) are listed but their manifest cannot be read ("
                            + unreadable.stream().limit(10).map(ImageTag::value).collect(java.util.stream.Collectors.joining(", "))
                            + "); nothing will be deleted");
                }
            }
            progress.accept("resolved " + tags.size() + " tags to " + tags.stream().map(RegistrySnapshot.Tag::digest).distinct().count() + " digests");

            Map<Digest, RegistrySnapshot.Manifest> manifests = new ConcurrentHashMap<>();
            Set<Digest> topLevel = new java.util.TreeSet<>();
            tags.forEach(t -> topLevel.add(t.digest()));
            // Wave by wave through children and referrers; within a wave every manifest is read, its config
            // read and its referrers listed in one task, at most `parallelism` at a time.
            // Tag targets: unreadable -> left out (the plan refuses). Everything reached from them: 404 tolerated, else fail.
            Set<Digest> visited = new java.util.HashSet<>(topLevel);
            List<Digest> wave = new ArrayList<>(topLevel);
            boolean first = true;
            while (!wave.isEmpty()) {
                List<Future<Read>> reads = readAll(pool, repo, wave, listed);
                List<Digest> next = new ArrayList<>();
                for (int i = 0; i < wave.size(); i++) {
                    Read r;
                    try {
                        r = reads.get(i).get();
                    } catch (ExecutionException e) {
                        if (first && !(e.getCause() instanceof ReferrersFailed)) {
                            progress.accept("could not read manifest " + wave.get(i) + ": " + e.getCause().getMessage());
                            continue;
                        }
                        throw new SnapshotException("reading manifest " + wave.get(i) + " of " + repo + " failed: " + e.getCause().getMessage(), e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SnapshotException("interrupted", e);
                    }
                    take(r, manifests, visited, next);
                }
                if (first) {
                    progress.accept("read " + manifests.size() + " tagged manifests");
                }
                first = false;
                wave = next;
            }
            // Attachment tags and referrers whose subject was not reached: the subject may be an untagged manifest
            // (then it is read, and its attachments follow it) or gone (then they are orphans the plan deletes).
            // Looked up by digest, never inferred from the tags, so nothing of a live subject is taken for an orphan.
            wave = new ArrayList<>();
            for (RegistrySnapshot.Tag t : tags) {
                attachmentSubject(t.tag().value()).filter(d -> !manifests.containsKey(d) && visited.add(d)).ifPresent(wave::add);
            }
            for (RegistrySnapshot.Manifest m : new ArrayList<>(manifests.values())) {
                if (m.subject() != null && !manifests.containsKey(m.subject()) && visited.add(m.subject())) {
                    wave.add(m.subject());
                }
            }
            if (!wave.isEmpty()) {
                progress.accept("looking up " + wave.size() + " attachment subject(s) not reached from a tag");
            }
            while (!wave.isEmpty()) {
                List<Future<Read>> reads = readAll(pool, repo, wave, listed);
                List<Digest> next = new ArrayList<>();
                for (int i = 0; i < wave.size(); i++) {
                    Read r = await(reads.get(i), "reading manifest " + wave.get(i) + " of " + repo);
                    take(r, manifests, visited, next);
                }
                wave = next;
            }
            boolean tagDeletion;
            try {
                tagDeletion = client.supportsTagDeletion(repo);
            } catch (RegistryException e) {
                tagDeletion = false;
            }
            progress.accept("read " + manifests.size() + " manifests");
            return new RegistrySnapshot(repo.value(), tags, new ArrayList<>(manifests.values()), tagDeletion);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Read(RegistrySnapshot.Manifest entry, List<Digest> next) {
    }

    private static final java.util.regex.Pattern ATTACHMENT_TAG = java.util.regex.Pattern.compile("sha256-([0-9a-f]{64})(\\.[A-Za-z0-9_.-]+)?");

    /** The subject named by an attachment tag ({@code sha256-<hex>}, {@code sha256-<hex>.sig/.att/.sbom}). */
    static Optional<Digest> attachmentSubject(String tag) {
        if (!tag.startsWith("sha256-")) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = ATTACHMENT_TAG.matcher(tag);
        return m.matches() ? Optional.of(Digest.parse("sha256:" + m.group(1))) : Optional.empty();
    }

    /** A referrers listing that failed: always fails the snapshot (an unseen signature could be deleted). */
    private static final class ReferrersFailed extends Exception {
        ReferrersFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One manifest: read it (absent: entry null), its config's created time, and what it leads to. */
    /** Keeps the manifest the read found, and queues for the next wave what it reaches that no wave has seen. */
    private static void take(Read r, Map<Digest, RegistrySnapshot.Manifest> manifests, Set<Digest> visited, List<Digest> next) {
        if (r.entry() == null) {
            return;
        }
        manifests.put(r.entry().digest(), r.entry());
        for (Digest n : r.next()) {
            if (visited.add(n)) {
                next.add(n);
            }
        }
    }

    /** Reads every manifest of the wave at once on the pool; the futures in the wave's order. */
    private List<Future<Read>> readAll(ExecutorService pool, ImageRepository repo, List<Digest> wave, Set<ImageTag> listed) {
        List<Future<Read>> reads = new ArrayList<>();
        for (Digest d : wave) {
            reads.add(pool.submit(() -> readOne(repo, d, listed)));
        }
        return reads;
    }

    /**
     * Whether {@code d} may have referrers to list. A registry without the referrers API keeps them in the fallback index,
     * which is a tag ({@code sha256-<hex>}): one the snapshot's listing lacks means none, and no request is made (one GET
     * of four per manifest). An index tagged after the listing is a new tag to the run, which re-resolves new tags before
     * deleting and keeps all they reach.
     */
    private boolean mayHaveReferrers(ImageRepository repo, Digest d, Set<ImageTag> listed) {
        return !client.knownWithoutReferrersApi(repo) || listed.contains(RegistryClient.referrersTag(d));
    }

    private Read readOne(ImageRepository repo, Digest d, Set<ImageTag> listed) throws RegistryException, ReferrersFailed {
        Optional<Manifest> found = client.findManifest(repo, d);
        if (found.isEmpty()) {
            return new Read(null, List.of());
        }
        Manifest m = found.get();
        List<Digest> next = new ArrayList<>(m.manifests().stream().map(Descriptor::digest).toList());
        if (referrersApi && mayHaveReferrers(repo, m.digest(), listed)) {
            try {
                client.referrers(repo, m.digest()).forEach(r -> next.add(r.digest()));
            } catch (RegistryException e) {
                throw new ReferrersFailed("listing referrers of " + m.digest() + ": " + e.getMessage(), e);
            }
        }
        return new Read(toEntry(repo, m), next);
    }

    private RegistrySnapshot.Manifest toEntry(ImageRepository repo, Manifest m) {
        Instant created = null;
        if (!m.isIndex() && m.config() != null) {
            try {
                created = created(client.getBlob(repo, m.config().digest(), MAX_CONFIG_BYTES));
            } catch (RegistryException | RuntimeException e) {
                created = null; // only an age fallback: unknown age keeps the image
            }
        }
        Map<Digest, Long> blobs = new java.util.LinkedHashMap<>();
        if (m.config() != null) {
            blobs.put(m.config().digest(), m.config().size());
        }
        m.layers().forEach(l -> blobs.put(l.digest(), l.size()));
        return new RegistrySnapshot.Manifest(m.digest(), m.mediaType(), m.manifests().stream().map(Descriptor::digest).toList(),
                m.subject() == null ? null : m.subject().digest(), created, pushTimes.digestPushedAt(repo, m.digest()), blobs);
    }

    /** The top-level {@code created} of an image config (JSON), or null. */
    static Instant created(byte[] config) {
        JsonNode created;
        try {
            created = Jackson.mapper().readTree(config).get("created");
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (created == null || !created.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(created.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T await(Future<T> f, String action) throws SnapshotException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new SnapshotException(action + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotException("interrupted while " + action, e);
        }
    }
}
