package dev.tagline.pruner.snapshot;

import dev.tagline.pruner.history.PushTimes;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
            // Tag targets: unreadable -> left out (the plan refuses). Everything reached from them: 404 tolerated, else fail.
            Deque<Digest> queue = new ArrayDeque<>();
            List<Future<Optional<Manifest>>> reads = new ArrayList<>();
            List<Digest> order = new ArrayList<>(topLevel);
            for (Digest d : order) {
                reads.add(pool.submit(() -> client.findManifest(repo, d)));
            }
            for (int i = 0; i < order.size(); i++) {
                try {
                    Optional<Manifest> m = reads.get(i).get();
                    m.ifPresent(x -> queue.add(x.digest()));
                    m.ifPresent(x -> manifests.put(x.digest(), toEntry(repo, x, pool)));
                } catch (ExecutionException e) {
                    progress.accept("could not read manifest " + order.get(i) + ": " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SnapshotException("interrupted", e);
                }
            }
            Set<Digest> visited = new java.util.HashSet<>(manifests.keySet());
            while (!queue.isEmpty()) {
                List<Digest> wave = new ArrayList<>();
                while (!queue.isEmpty()) {
                    Digest d = queue.poll();
                    RegistrySnapshot.Manifest m = manifests.get(d);
                    List<Digest> next = new ArrayList<>(m.children());
                    if (referrersApi) {
                        for (Descriptor r : await(pool.submit(() -> client.referrers(repo, d)), "listing referrers of " + d)) {
                            next.add(r.digest());
                        }
                    }
                    for (Digest n : next) {
                        if (visited.add(n)) {
                            wave.add(n);
                        }
                    }
                }
                List<Future<Optional<Manifest>>> waveReads = new ArrayList<>();
                for (Digest d : wave) {
                    waveReads.add(pool.submit(() -> client.findManifest(repo, d)));
                }
                for (int i = 0; i < wave.size(); i++) {
                    Optional<Manifest> m = await(waveReads.get(i), "reading manifest " + wave.get(i) + " of " + repo);
                    if (m.isPresent()) {
                        manifests.put(m.get().digest(), toEntry(repo, m.get(), pool));
                        queue.add(m.get().digest());
                    }
                }
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

    private RegistrySnapshot.Manifest toEntry(ImageRepository repo, Manifest m, ExecutorService pool) {
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

    /** The top-level {@code created} of an image config, or null. */
    static Instant created(byte[] config) {
        Object doc;
        try {
            doc = dev.tagline.pruner.retention.RetentionPolicyParser.load(new String(config, StandardCharsets.UTF_8), "config");
        } catch (RuntimeException e) {
            return null;
        }
        if (!(doc instanceof Map<?, ?> root) || root.get("created") == null) {
            return null;
        }
        Object created = root.get("created");
        if (created instanceof java.util.Date date) {
            return date.toInstant();
        }
        try {
            return java.time.OffsetDateTime.parse(String.valueOf(created)).toInstant();
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
