package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OCI distribution client: one method per protocol operation, each a thin call of an endpoint
 * through the {@link EndpointCaller} (auth, retries, redirects). Thread-safe; reuse one instance.
 * Needs no Micronaut context.
 *
 * <pre>{@code
 * try (RegistryClient registry = RegistryClient.builder()
 *         .credentials(CredentialStore.defaults())
 *         .insecureRegistries(Set.of("127.0.0.1:5000"))
 *         .build()) {
 *     List<ImageTag> tags = registry.listTags(ImageRepository.parse("127.0.0.1:5000/acme/shop"));
 * }
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {
    /** Default {@code n} of tags/list. */
    public static final int DEFAULT_PAGE_SIZE = 1000;
    private static final int MAX_PAGES = 100_000;
    private static final int MAX_REFERRER_PAGES = 1000;
    /** How long a registry's 404 on the referrers API is believed before it is asked again. */
    static final Duration NO_REFERRERS_API_MEMORY = Duration.ofMinutes(10);
    static final Duration MANIFEST_CACHE_TTL = Duration.ofSeconds(60);

    private final Transport transport;
    private final EndpointCaller caller;
    private final RegistryUrls urls;
    private final int pageSize;
    private final Map<String, Boolean> tagDeletion = new ConcurrentHashMap<>();
    /** Registries that answered 404 on the referrers API, until when that is believed (then asked again). */
    private final Map<String, java.time.Instant> noReferrersApi = new ConcurrentHashMap<>();
    private final Object[] referrersIndexLocks = new Object[64];
    private final ManifestCache manifests;
    private final Clock clock;

    private RegistryClient(Builder b, Transport transport) {
        this.transport = transport;
        this.urls = new RegistryUrls(b.insecure);
        this.pageSize = b.pageSize;
        this.clock = b.clock;
        this.manifests = new ManifestCache(b.manifestCacheEntries, MANIFEST_CACHE_TTL, b.clock);
        for (int i = 0; i < referrersIndexLocks.length; i++) {
            referrersIndexLocks[i] = new Object();
        }
        Authenticator auth = new Authenticator(b.credentials, transport, b.clock, urls::isInsecure);
        this.caller = new EndpointCaller(transport, auth, b.retry, b.sleeper, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every tag of the repository, sorted, following every page ({@code Link} header, else
     * {@code n}/{@code last}). An unknown repository (404 NAME_UNKNOWN) has no tags.
     *
     * @throws RegistryException with {@link ErrorCode#PAGINATION_BROKEN} when the registry loops,
     *                           ignores paging in a way that would hide tags, or links to another host
     */
    public List<ImageTag> listTags(ImageRepository repo) throws RegistryException {
        TagPaging paging = new TagPaging(urls.tagsList(repo), pageSize, MAX_PAGES);
        URI next = paging.firstPage();
        while (next != null) {
            TagsPageEndpoint.Page page = caller.call(new TagsPageEndpoint(repo, next));
            if (page.repositoryUnknown()) {
                return List.of();
            }
            try {
                next = paging.accept(next, page.tags(), page.nextLink()).orElse(null);
            } catch (TagPaging.BrokenPagingException e) {
                throw new RegistryException(ErrorCode.PAGINATION_BROKEN, 200, "listing tags of " + repo, e.getMessage());
            }
        }
        List<ImageTag> tags = new ArrayList<>();
        for (String t : paging.tags()) {
            try {
                tags.add(ImageTag.parse(t));
            } catch (IllegalArgumentException e) {
                throw new RegistryException(ErrorCode.INVALID_RESPONSE, 200, "listing tags of " + repo, e.getMessage());
            }
        }
        return tags;
    }

    /** HEAD on the tag: its descriptor (media type, digest, size), or empty when the tag does not exist. */
    public Optional<Descriptor> resolve(ImageRepository repo, ImageTag tag) throws RegistryException {
        return resolve(repo, tag.value(), null);
    }

    /** HEAD on the digest: its descriptor, or empty when the registry does not have it. */
    public Optional<Descriptor> resolve(ImageRepository repo, Digest digest) throws RegistryException {
        return resolve(repo, digest.value(), digest);
    }

    private Optional<Descriptor> resolve(ImageRepository repo, String reference, Digest expected) throws RegistryException {
        ManifestChecker.Result r = caller.call(new ManifestChecker(repo, urls.manifest(repo, reference), reference, expected));
        if (!r.exists()) {
            return Optional.empty();
        }
        if (!r.needsGet()) {
            return Optional.of(r.descriptor());
        }
        return getManifest(repo, reference, expected).map(Manifest::descriptor);
    }

    /** GET the manifest under the tag: its exact bytes and parsed view. */
    public Manifest getManifest(ImageRepository repo, ImageTag tag) throws RegistryException {
        return getManifest(repo, tag.value(), null).orElseThrow(() -> unknownManifest(repo, ":" + tag.value()));
    }

    /**
     * GET the manifest by digest; the bytes are checked to hash to it. With {@link Builder#manifestCache} on, a manifest
     * this client read or wrote in the repository within the last minute is answered from memory.
     */
    public Manifest getManifest(ImageRepository repo, Digest digest) throws RegistryException {
        return findManifest(repo, digest).orElseThrow(() -> unknownManifest(repo, "@" + digest.value()));
    }

    /** GET the manifest, empty when the registry answers 404 (an added method: avoids HEAD-then-GET races). */
    public Optional<Manifest> findManifest(ImageRepository repo, Digest digest) throws RegistryException {
        Manifest known = manifests.get(repo, digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Manifest> m = getManifest(repo, digest.value(), digest);
        m.ifPresent(x -> manifests.put(repo, x));
        return m;
    }

    /** GET the manifest under the tag, empty when 404. */
    public Optional<Manifest> findManifest(ImageRepository repo, ImageTag tag) throws RegistryException {
        return getManifest(repo, tag.value(), null);
    }

    private Optional<Manifest> getManifest(ImageRepository repo, String reference, Digest expected) throws RegistryException {
        Optional<Manifest> m = caller.call(new ManifestGetter(repo, urls.manifest(repo, reference), reference, expected));
        m.ifPresent(x -> manifests.put(repo, x));
        return m;
    }

    private void remember(ImageRepository repo, byte[] body, String mediaType) {
        if (body.length <= ManifestCache.MAX_BYTES) {
            try {
                manifests.put(repo, ManifestJson.parse(body, mediaType));
            } catch (IllegalArgumentException e) {
                // not a manifest this client reads back: nothing to remember
            }
        }
    }

    private static RegistryException unknownManifest(ImageRepository repo, String ref) {
        return new RegistryException(ErrorCode.MANIFEST_UNKNOWN, 404, "reading manifest " + repo + ref, "no such manifest");
    }

    /**
     * PUT these exact bytes under the tag (retag/promote: the blobs must already be there; no blob is
     * uploaded). Returns their digest.
     */
    public Digest putManifest(ImageRepository repo, ImageTag tag, byte[] body, String mediaType) throws RegistryException {
        Objects.requireNonNull(body, "body");
        Digest d = caller.call(new ManifestPusher(repo, urls.manifest(repo, tag.value()), tag.value(), body, mediaType));
        remember(repo, body, mediaType);
        return d;
    }

    /** PUT these exact bytes by digest (untagged, e.g. an index child); the digest must be theirs. */
    public Digest putManifest(ImageRepository repo, Digest digest, byte[] body, String mediaType) throws RegistryException {
        Objects.requireNonNull(body, "body");
        Digest actual = Digest.of(body);
        if (!actual.equals(digest)) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, 0, "pushing manifest " + repo + "@" + digest,
                    "the bytes hash to " + actual);
        }
        Digest d = caller.call(new ManifestPusher(repo, urls.manifest(repo, digest.value()), digest.value(), body, mediaType));
        remember(repo, body, mediaType);
        return d;
    }

    /**
     * DELETE by digest. In Distribution 2.8 this removes every tag on the digest. A missing manifest
     * is {@link ErrorCode#MANIFEST_UNKNOWN}; a registry with deletes disabled is
     * {@link ErrorCode#DELETE_DISABLED} (nothing changed).
     */
    public void deleteManifest(ImageRepository repo, Digest digest) throws RegistryException {
        manifests.evict(repo, digest);
        delete(new ManifestDeleter(repo, urls.manifest(repo, digest.value()), digest.value(), false),
                () -> resolve(repo, digest).isEmpty());
    }

    /**
     * A DELETE. When its answer was lost (a proxy's 502 after the registry deleted, a timeout) and its retries could only
     * fail transiently, it went through all the same if what it names is gone: then it is done. Still there, or not known
     * (the check fails too): the failure stands.
     */
    private void delete(ManifestDeleter deleter, RegistryCall<Boolean> gone) throws RegistryException {
        try {
            caller.call(deleter);
        } catch (RegistryException e) {
            boolean done;
            try {
                done = e.transientFailure() && gone.call();
            } catch (RegistryException checkFailed) {
                done = false;
            }
            if (!done) {
                throw e;
            }
        }
    }

    /**
     * Whether the registry deletes a tag alone (OCI 1.1 DELETE by tag). Probed once per registry by
     * deleting a random tag name that cannot exist; nothing real is touched.
     */
    public boolean supportsTagDeletion(ImageRepository repo) throws RegistryException {
        Boolean known = tagDeletion.get(repo.registry());
        if (known != null) {
            return known;
        }
        String probeTag = "tagline-probe-" + UUID.randomUUID().toString().replace("-", "");
        Optional<Boolean> r = caller.call(new TagDeletionProbe(repo, urls.manifest(repo, probeTag)));
        r.ifPresent(v -> tagDeletion.put(repo.registry(), v));
        return r.orElse(false);
    }

    /**
     * DELETE by tag, where the registry supports it ({@link #supportsTagDeletion}); otherwise
     * {@link ErrorCode#UNSUPPORTED} and nothing changed (Distribution 2.8 answers 400).
     */
    public void deleteTag(ImageRepository repo, ImageTag tag) throws RegistryException {
        delete(new ManifestDeleter(repo, urls.manifest(repo, tag.value()), tag.value(), true), () -> resolve(repo, tag).isEmpty());
    }

    /** HEAD on the blob. */
    public boolean blobExists(ImageRepository repo, Digest digest) throws RegistryException {
        return caller.call(new BlobChecker(repo, urls.blob(repo, digest.value()), digest));
    }

    /** The blob's bytes (checked against the digest); {@link ErrorCode#TOO_LARGE} beyond {@code maxBytes}. */
    public byte[] getBlob(ImageRepository repo, Digest digest, long maxBytes) throws RegistryException {
        return caller.call(new BlobGetter(repo, urls.blob(repo, digest.value()), digest, maxBytes));
    }

    /**
     * Uploads a blob in one piece (POST then PUT) unless it is already there; returns its digest.
     * For configs and small layers: the whole content is in memory.
     */
    public Digest pushBlob(ImageRepository repo, byte[] content) throws RegistryException {
        Digest digest = Digest.of(content);
        if (blobExists(repo, digest)) {
            return digest;
        }
        URI location = caller.call(new BlobUploader.Start(repo, urls.uploads(repo), digest));
        finishUpload(repo, digest, new BlobUploader.Finish(repo, location, digest, content));
        return digest;
    }

    /**
     * An upload's PUT. When its answer was lost (a proxy's 502 after the registry stored the blob, a timeout) the
     * retried PUT finds the upload session closed, {@code BLOB_UPLOAD_UNKNOWN}: the blob is then in the repository,
     * and the upload is done. Any other session loss is reported.
     */
    private void finishUpload(ImageRepository repo, Digest digest, BlobUploader.Finish finish) throws RegistryException {
        try {
            caller.call(finish);
        } catch (RegistryException e) {
            if (e.code() != ErrorCode.BLOB_UPLOAD_UNKNOWN || !blobExists(repo, digest)) {
                throw e;
            }
        }
    }

    /**
     * Uploads a blob the caller knows the repository lacks (no existence check here), streamed from {@code content}:
     * first, when {@code mountFrom} (another repository of the same registry that holds it) is given, as a
     * cross-repository mount ({@code POST .../blobs/uploads/?mount=<digest>&from=<name>}: no bytes sent); if the registry
     * does not mount it, or without {@code mountFrom}, a monolithic upload (POST, then PUT with the bytes). Returns true
     * when it was mounted.
     */
    public boolean uploadBlob(ImageRepository repo, Digest digest, BlobSource content, ImageRepository mountFrom)
            throws RegistryException {
        URI location;
        if (mountFrom != null && mountFrom.registry().equals(repo.registry()) && !mountFrom.equals(repo)) {
            location = caller.call(new BlobUploader.Mount(repo, urls.uploads(repo), digest, mountFrom));
            if (location == null) {
                return true;
            }
        } else {
            location = caller.call(new BlobUploader.Start(repo, urls.uploads(repo), digest));
        }
        finishUpload(repo, digest, new BlobUploader.Finish(repo, location, digest, content));
        return false;
    }

    /**
     * Runs {@code change} (a read-modify-write of the referrers fallback index {@code sha256-<hex>} of {@code subject})
     * while no other caller of this client changes the same index: the SBOM, the release notes and the signatures of
     * one digest are attached at once, and each adds itself to that one index.
     */
    public <T> T underReferrersIndexLock(ImageRepository repo, Digest subject, RegistryCall<T> change) throws RegistryException {
        synchronized (referrersIndexLocks[Math.floorMod((repo.value() + "@" + subject.value()).hashCode(), referrersIndexLocks.length)]) {
            return change.call();
        }
    }

    /** A registry operation of a caller, run under one of this client's locks. */
    @FunctionalInterface
    public interface RegistryCall<T> {
        T call() throws RegistryException;
    }

    /**
     * Whether the registry is known (from a recent 404 on the referrers API, remembered 10 minutes) to have no
     * referrers API: its referrers are then only in the fallback index.
     */
    public boolean knownWithoutReferrersApi(ImageRepository repo) {
        java.time.Instant until = noReferrersApi.get(repo.registry());
        return until != null && clock.instant().isBefore(until);
    }

    /**
     * Manifests whose {@code subject} is this digest: the OCI 1.1 referrers API (every page), or,
     * when the API answers 404, the index under the fallback tag {@code sha256-<hex>}. Empty when
     * neither exists.
     */
    public List<Descriptor> referrers(ImageRepository repo, Digest subject) throws RegistryException {
        if (knownWithoutReferrersApi(repo)) {
            return referrersByTagSchema(repo, subject);
        }
        URI next = urls.referrers(repo, subject.value());
        Set<URI> visited = new LinkedHashSet<>();
        List<Descriptor> out = new ArrayList<>();
        Set<Digest> seen = new LinkedHashSet<>();
        while (next != null) {
            if (!visited.add(next) || visited.size() > MAX_REFERRER_PAGES) {
                throw new RegistryException(ErrorCode.PAGINATION_BROKEN, 200, "listing referrers of " + repo + "@" + subject,
                        "referrers paging loops at " + next);
            }
            Optional<ReferrersEndpoint.Page> page = caller.call(new ReferrersEndpoint(repo, next, subject));
            if (page.isEmpty()) {
                if (visited.size() == 1) {
                    noReferrersApi.put(repo.registry(), clock.instant().plus(NO_REFERRERS_API_MEMORY));
                    return referrersByTagSchema(repo, subject);
                }
                return out;
            }
            for (Descriptor d : page.get().referrers()) {
                if (seen.add(d.digest())) {
                    out.add(d);
                }
            }
            URI current = next;
            next = page.get().nextLink().map(current::resolve).orElse(null);
            if (next != null && !Objects.equals(next.getRawAuthority(), current.getRawAuthority())) {
                throw new RegistryException(ErrorCode.PAGINATION_BROKEN, 200, "listing referrers of " + repo + "@" + subject,
                        "referrers Link header points to another host: refused");
            }
        }
        return out;
    }

    private List<Descriptor> referrersByTagSchema(ImageRepository repo, Digest subject) throws RegistryException {
        ImageTag fallback = referrersTag(subject);
        Optional<Manifest> index = findManifest(repo, fallback);
        if (index.isEmpty() || !index.get().isIndex()) {
            return List.of();
        }
        return index.get().manifests();
    }

    /** The OCI 1.1 referrers tag schema: {@code sha256-<hex>}. */
    public static ImageTag referrersTag(Digest subject) {
        return ImageTag.parse("sha256-" + subject.hex());
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Options of a {@link RegistryClient}; every one has a default. */
    public static final class Builder {
        private CredentialStore credentials = CredentialStore.anonymous();
        private Set<String> insecure = Set.of();
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private String userAgent = "tagline-registry-client";
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Clock clock = Clock.systemUTC();
        private EndpointCaller.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private Transport transport;
        private int manifestCacheEntries;

        private Builder() {
        }

        /**
         * Remember up to {@code entries} manifests (by repository and digest, each at most 64 KiB, for a minute) that this
         * client read or wrote, and answer {@link #getManifest(ImageRepository, Digest)} from them (default 0: off).
         * For a client that reads back what it just pushed (the builder); a client that must see deletes at once
         * (the pruner) leaves it off.
         */
        public Builder manifestCache(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("manifest cache size must not be negative");
            }
            this.manifestCacheEntries = entries;
            return this;
        }

        /** Where credentials come from (default: anonymous). */
        public Builder credentials(CredentialStore store) {
            this.credentials = Objects.requireNonNull(store, "credentials");
            return this;
        }

        /** {@code host:port}s spoken to over plain HTTP; every other registry uses HTTPS. */
        public Builder insecureRegistries(Set<String> hostPorts) {
            this.insecure = Set.copyOf(hostPorts);
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "retry");
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d, "connectTimeout");
            return this;
        }

        /** Time limit of one HTTP exchange (each attempt). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
            return this;
        }

        public Builder userAgent(String ua) {
            this.userAgent = Objects.requireNonNull(ua, "userAgent");
            return this;
        }

        /** {@code n} of tags/list requests (default 1000). */
        public Builder pageSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("page size must be positive");
            }
            this.pageSize = n;
            return this;
        }

        /** For token expiry (tests). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        Builder sleeper(EndpointCaller.Sleeper s) {
            this.sleeper = s;
            return this;
        }

        Builder transport(Transport t) {
            this.transport = t;
            return this;
        }

        public RegistryClient build() {
            Transport t = transport != null ? transport : new JdkTransport(connectTimeout, requestTimeout, userAgent);
            return new RegistryClient(this, t);
        }
    }
}
