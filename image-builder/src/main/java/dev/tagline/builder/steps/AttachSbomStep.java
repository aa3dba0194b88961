package dev.tagline.builder.steps;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tagline.builder.config.SbomSettings;
import dev.tagline.builder.push.LocalImage;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.push.ReferrerArtifact;
import dev.tagline.builder.sbom.AddedFile;
import dev.tagline.builder.sbom.BaseContents;
import dev.tagline.builder.sbom.CycloneDxSbom;
import dev.tagline.builder.sbom.ImageInventory;
import dev.tagline.builder.sbom.LayerBlobs;
import dev.tagline.builder.sbom.LayerDelta;
import dev.tagline.builder.sbom.LayerTar;
import dev.tagline.builder.sbom.SbomManifest;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Attaches a CycloneDX SBOM to every manifest a variant pushed, in every target repository: each platform image
 * (its own OS packages and files) and, for a multi-platform image, the index (the tagged digest: what
 * {@code cosign download sbom IMAGE:TAG} finds), before any tag of the variant is written. Stored as cosign stores it
 * ({@code sha256-<hex>.sbom}) and as an OCI 1.1 referrer ({@code subject}, listed in the {@code sha256-<hex>} fallback
 * index where the registry has no referrers API), see {@link SbomManifest}.
 *
 * <p>Idempotent: the SBOM of a digest is a function of the digest's content, the base and the commit time, so a
 * rebuild, a promotion or a replay computes the same bytes and, finding them attached, pushes nothing. Base layers
 * are read once per base platform image (kept for the next builds), only their package databases; added layers are
 * streamed and hashed. Any failure is a {@link BuildFailure} (transient when the registry's is), so the variant is
 * retried or FAILED and no floating tag moves.
 */
public final class AttachSbomStep {
    private static final Logger LOG = LoggerFactory.getLogger(AttachSbomStep.class);
    private static final int BASE_CACHE_ENTRIES = 32;
    /** Added layers remembered by digest (their files are a function of it), only small ones: bounded memory. */
    private static final int ADDED_CACHE_ENTRIES = 32;
    private static final int ADDED_CACHE_MAX_FILES = 512;

    private final RegistryClient client;
    private final PushLocks locks;
    private final LayerBlobs blobs;
    private final long maxLayerBytes;
    private final String toolName;
    private final String toolVersion;
    private final Map<Digest, BaseContents> baseCache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, BaseContents> eldest) {
            return size() > BASE_CACHE_ENTRIES;
        }
    });

    /**
     * The files of an added layer, by its digest: the variants of a plan share layers (the same files at the same place),
     * and so do the builds of commits that did not change them; each is read and hashed once.
     */
    private final Map<Digest, List<AddedFile>> addedCache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Digest, List<AddedFile>> eldest) {
                    return size() > ADDED_CACHE_ENTRIES;
                }
            });

    /**
     * Added layers being read now, by digest: a second variant (or plan) needing the files of a layer another is reading
     * (the variants of a plan share layers, and are built at once) waits for that reading instead of reading it again.
     */
    private final Map<Digest, CompletableFuture<List<AddedFile>>> addedReading = new ConcurrentHashMap<>();

    /** {@code locks}: the builder's, so two plans attaching the SBOM of one digest never upload one blob at once. */
    public AttachSbomStep(RegistryClient client, SbomSettings settings, PushLocks locks, Path jibCache, String toolName, String toolVersion) {
        this.client = client;
        this.locks = locks;
        this.maxLayerBytes = settings.maxLayerBytes();
        this.blobs = new LayerBlobs(client, List.of(jibCache.resolve("base"), jibCache.resolve("application")), settings.maxLayerBytes());
        this.toolName = toolName;
        this.toolVersion = toolVersion;
    }

    /** What was attached for one subject: its digest, the SBOM manifest, and whether anything had to be written. */
    public record Attached(ImageRepository repository, Digest subject, Digest sbomManifest, boolean written) {
    }

    /** {@link #attach(List, Digest, Platform, BaseImage, Instant, boolean)} trusting an SBOM this generator attached. */
    public List<Attached> attach(List<ImageRepository> repositories, Digest digest, Platform single, BaseImage base, Instant time)
            throws BuildFailure, InterruptedException {
        return attach(repositories, digest, single, base, time, true);
    }

    /**
     * Attaches the SBOMs of {@code digest} in every repository; {@code time} is the commit time (the SBOM's timestamp).
     * With {@code trustExisting}, a digest whose SBOM this generator (tool, version, format revision) already attached,
     * with the SBOM of each of its platform images, is left as it is without reading a layer: the SBOM is a function
     * of the digest, so a promotion or a redelivered plan costs a few manifest reads. Without it, the SBOM is computed
     * and compared (the test of that function).
     */
    public List<Attached> attach(List<ImageRepository> repositories, Digest digest, Platform single, BaseImage base, Instant time,
                                 boolean trustExisting) throws BuildFailure, InterruptedException {
        List<Attached> out = new ArrayList<>();
        try {
            for (ImageRepository repo : repositories) {
                Manifest top = client.getManifest(repo, digest);
                if (trustExisting) {
                    Optional<List<Attached>> existing = existing(repo, top);
                    if (existing.isPresent()) {
                        out.addAll(existing.get());
                        continue;
                    }
                }
                if (top.isIndex()) {
                    List<ImageInventory> children = new ArrayList<>();
                    for (Descriptor child : top.manifests()) {
                        Manifest m = client.getManifest(repo, child.digest());
                        ImageInventory inv = inventory(repo, m, child.platform(), base);
                        children.add(inv);
                        out.add(put(repo, m.descriptor(), CycloneDxSbom.image(inv, time, toolName, toolVersion)));
                    }
                    out.add(put(repo, top.descriptor(), CycloneDxSbom.index(repo, digest, children, time, toolName, toolVersion)));
                } else {
                    ImageInventory inv = inventory(repo, top, single, base);
                    out.add(put(repo, top.descriptor(), CycloneDxSbom.image(inv, time, toolName, toolVersion)));
                }
            }
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, "attaching the SBOM of " + digest + " failed: " + e.getMessage(),
                    e.transientFailure(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, "attaching the SBOM of " + digest + " failed: reading a layer: "
                    + e.getMessage(), false, null);
        }
        long written = out.stream().filter(Attached::written).count();
        LOG.info("SBOM of {}: {} attached ({} new, {} already there)", digest, out.size(), written, out.size() - written);
        return out;
    }

    /**
     * The SBOM of a single-platform image the builder is about to push to {@code repo} ({@code image}: its manifest as it
     * will be stored, {@code local}: its blobs), made and its two blobs uploaded while the image's own blobs go up. Its
     * manifest, which names the image as subject, is written by {@link #finish} once the image is in the repository,
     * before any tag. Reads the layers from the local image (nothing of the image is in the repository yet). An SBOM
     * this generator already attached to the digest (a rebuild of an existing image) is found and left as it is.
     */
    public Pending prepare(ImageRepository repo, Manifest image, LocalImage local, Platform single, BaseImage base, Instant time,
                           java.util.concurrent.ExecutorService io) throws BuildFailure, InterruptedException {
        try {
            // what the .sbom tag holds now: the SBOM already attached (nothing to do), or not (then finish need not ask again)
            Optional<Manifest> current = client.findManifest(repo, ImageTag.parse(SbomManifest.tag(image.digest())));
            if (attachedHere(repo, image.descriptor(), current)) {
                return new Pending(repo, image.descriptor(), null, List.of(new Attached(repo, image.digest(), current.get().digest(), false)),
                        null);
            }
            LayerSource source = (r, layer) -> local.offsets().containsKey(layer) ? Optional.of(local.blob(layer).open()) : blobs.open(r, layer);
            ImageInventory inv = inventory(repo, image, single, base, source);
            ReferrerArtifact parts = SbomManifest.of(CycloneDxSbom.image(inv, time, toolName, toolVersion), image.descriptor(), generator());
            try (PushLocks.Permit permit = locks.blobs(repo, List.of(Digest.of(parts.config()), Digest.of(parts.content())))) {
                List<Parallel.Task<Void>> uploads = new ArrayList<>();
                for (boolean configBlob : new boolean[] {true, false}) {
                    uploads.add(() -> {
                        try {
                            parts.uploadNew(client, repo, configBlob);
                            return null;
                        } catch (RegistryException e) {
                            throw new BuildFailure(BuildFailure.Stage.PUSH, "attaching the SBOM of " + image.digest() + " failed: "
                                    + e.getMessage(), e.transientFailure(), e);
                        }
                    });
                }
                Parallel.all(io, uploads);
            }
            return new Pending(repo, image.descriptor(), parts, List.of(), current.map(Manifest::descriptor));
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, "attaching the SBOM of " + image.digest() + " failed: " + e.getMessage(),
                    e.transientFailure(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, "attaching the SBOM of " + image.digest() + " failed: reading a layer: "
                    + e.getMessage(), false, null);
        }
    }

    /** An SBOM made by {@link #prepare}: to write (its artifact, blobs uploaded), or found already attached. */
    public record Pending(ImageRepository repository, Descriptor subject, ReferrerArtifact artifact, List<Attached> existing,
                          Optional<Descriptor> tagged) {
    }

    /**
     * Writes what {@link #prepare} made, now that its subject is in the repository; lists it as a referrer. With
     * {@code io}, the fallback index is read while the manifest is written
     * ({@link ReferrerArtifact#attach(RegistryClient, ImageRepository, Descriptor, ImageTag, Optional, ExecutorService)}).
     */
    public List<Attached> finish(Pending pending, ExecutorService io) throws BuildFailure, InterruptedException {
        if (pending.artifact() == null) {
            LOG.info("SBOM of {}: {} attached (0 new, {} already there)", pending.subject().digest(), pending.existing().size(),
                    pending.existing().size());
            return pending.existing();
        }
        ImageRepository repo = pending.repository();
        ReferrerArtifact parts = pending.artifact();
        try (PushLocks.Permit permit = locks.blobs(repo, List.of(Digest.of(parts.config()), Digest.of(parts.content())))) {
            boolean written = parts.attach(client, repo, pending.subject(), ImageTag.parse(SbomManifest.tag(pending.subject().digest())),
                    pending.tagged(), io);
            LOG.info("SBOM of {}: 1 attached ({} new, {} already there)", pending.subject().digest(), written ? 1 : 0, written ? 0 : 1);
            return List.of(new Attached(repo, pending.subject().digest(), parts.manifestDigest(), written));
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, "attaching the SBOM of " + pending.subject().digest() + " failed: "
                    + e.getMessage(), e.transientFailure(), e);
        }
    }

    private String generator() {
        return toolName + "/" + toolVersion + " cyclonedx-" + CycloneDxSbom.SPEC.getVersionString() + " r" + CycloneDxSbom.FORMAT_REVISION;
    }

    /** The SBOMs already attached by this generator to {@code top} (and its children), each listed as a referrer; else empty. */
    private Optional<List<Attached>> existing(ImageRepository repo, Manifest top) throws RegistryException {
        List<Descriptor> subjects = new ArrayList<>();
        if (top.isIndex()) {
            subjects.addAll(top.manifests());
        }
        subjects.add(top.descriptor());
        List<Attached> out = new ArrayList<>();
        for (Descriptor subject : subjects) {
            Optional<Manifest> sbom = client.findManifest(repo, ImageTag.parse(SbomManifest.tag(subject.digest())));
            if (!attachedHere(repo, subject, sbom)) {
                return Optional.empty();
            }
            out.add(new Attached(repo, subject.digest(), sbom.get().digest(), false));
        }
        return Optional.of(out);
    }

    /** Whether {@code sbom} (what the subject's .sbom tag holds) is this generator's SBOM of it, listed as its referrer. */
    private boolean attachedHere(ImageRepository repo, Descriptor subject, Optional<Manifest> sbom) throws RegistryException {
        if (sbom.isEmpty() || sbom.get().subject() == null || !sbom.get().subject().digest().equals(subject.digest())
                || !generator().equals(sbom.get().annotations().get(SbomManifest.GENERATOR))) {
            return false;
        }
        Digest d = sbom.get().digest();
        return client.referrers(repo, subject.digest()).stream().anyMatch(r -> r.digest().equals(d));
    }

    /** Where a layer's bytes are read from: {@link LayerBlobs} (jib's caches, else the registry), or a local image first. */
    @FunctionalInterface
    private interface LayerSource {
        Optional<InputStream> open(ImageRepository repo, Digest layer) throws RegistryException, IOException;
    }

    private ImageInventory inventory(ImageRepository repo, Manifest image, Platform platform, BaseImage base)
            throws RegistryException, IOException, InterruptedException {
        return inventory(repo, image, platform, base, blobs::open);
    }

    private ImageInventory inventory(ImageRepository repo, Manifest image, Platform platform, BaseImage base, LayerSource source)
            throws RegistryException, IOException, InterruptedException {
        ImageInventory.Base baseRef = null;
        Set<Digest> baseLayers = Set.of();
        BaseContents contents = BaseContents.NONE;
        if (!base.scratch()) {
            ImageRepository baseRepo = baseRepository(base.reference());
            Manifest baseTop = client.getManifest(baseRepo, base.digest());
            Manifest baseImage = baseTop.isIndex() ? client.getManifest(baseRepo, pick(baseTop, platform, base)) : baseTop;
            baseRef = new ImageInventory.Base(base.requested(), baseRepo, base.digest(), baseImage.digest());
            baseLayers = baseImage.layers().stream().map(Descriptor::digest).collect(Collectors.toSet());
            contents = baseCache.get(baseImage.digest());
            if (contents == null) {
                contents = scanBase(repo, image, baseLayers, source);
                baseCache.put(baseImage.digest(), contents);
            }
        }
        List<ImageInventory.AddedLayer> added = new ArrayList<>();
        for (Descriptor layer : image.layers()) {
            if (baseLayers.contains(layer.digest())) {
                continue;
            }
            added.add(new ImageInventory.AddedLayer(layer.digest(), addedFiles(repo, image, layer, source)));
        }
        return new ImageInventory(repo, image.digest(), platform, baseRef, contents, added);
    }

    /** The files of an added layer: remembered, or being read by another build (then awaited), or read here. */
    private List<AddedFile> addedFiles(ImageRepository repo, Manifest image, Descriptor layer, LayerSource source)
            throws RegistryException, IOException, InterruptedException {
        List<AddedFile> known = addedCache.get(layer.digest());
        if (known != null) {
            return known;
        }
        CompletableFuture<List<AddedFile>> mine = new CompletableFuture<>();
        CompletableFuture<List<AddedFile>> other = addedReading.putIfAbsent(layer.digest(), mine);
        if (other != null) {
            try {
                return other.get();
            } catch (ExecutionException e) {
                // the other reading failed (its own source, its own error): read it here, as if alone
                return readAddedFiles(repo, image, layer, source);
            }
        }
        try {
            List<AddedFile> files = readAddedFiles(repo, image, layer, source);
            mine.complete(files);
            return files;
        } catch (Throwable e) { // an Error too: a waiter must never wait on a reading that ended
            mine.completeExceptionally(e);
            throw e;
        } finally {
            addedReading.remove(layer.digest(), mine);
        }
    }

    private List<AddedFile> readAddedFiles(ImageRepository repo, Manifest image, Descriptor layer, LayerSource source)
            throws RegistryException, IOException {
        Optional<InputStream> in = layer.size() > maxLayerBytes ? Optional.empty() : source.open(repo, layer.digest());
        if (in.isEmpty()) {
            LOG.warn("SBOM of {}: layer {} ({} bytes) is larger than tagline.builder.sbom.max-layer-bytes and not in the local cache: "
                    + "its files are not listed", image.digest(), layer.digest(), layer.size());
            return List.of();
        }
        try (InputStream s = in.get()) {
            List<AddedFile> files = LayerTar.addedFiles(s);
            if (files.size() <= ADDED_CACHE_MAX_FILES) {
                addedCache.put(layer.digest(), files);
            }
            return files;
        }
    }

    /** The base's layers, read from the target repository (the push copied them there), in image order. */
    private BaseContents scanBase(ImageRepository repo, Manifest image, Set<Digest> baseLayers, LayerSource source)
            throws RegistryException, IOException {
        List<LayerDelta> deltas = new ArrayList<>();
        List<String> unscanned = new ArrayList<>();
        for (Descriptor layer : image.layers()) {
            if (!baseLayers.contains(layer.digest())) {
                continue;
            }
            Optional<InputStream> in = layer.size() > maxLayerBytes ? Optional.empty() : source.open(repo, layer.digest());
            if (in.isEmpty()) {
                unscanned.add(layer.digest().value());
                continue;
            }
            try (InputStream s = in.get()) {
                deltas.add(LayerTar.packageFiles(s, LayerTar.PACKAGE_FILES));
            }
        }
        return BaseContents.of(LayerDelta.overlay(deltas), unscanned);
    }

    private static Digest pick(Manifest index, Platform platform, BaseImage base) throws RegistryException {
        for (Descriptor child : index.manifests()) {
            Platform p = child.platform();
            if (p != null && platform != null && p.os().equals(platform.os()) && p.architecture().equals(platform.architecture())
                    && (platform.variant() == null || Objects.equals(platform.variant(), p.variant()))) {
                return child.digest();
            }
        }
        if (platform == null && index.manifests().size() == 1) {
            return index.manifests().get(0).digest();
        }
        throw new RegistryException(dev.tagline.registry.ErrorCode.MANIFEST_UNKNOWN, 404, "reading base image " + base.requested(),
                "no platform " + platform + " in the base index " + base.digest());
    }

    private static ImageRepository baseRepository(ImageReference ref) {
        String registry = ref.getRegistry().equals("registry-1.docker.io") ? ImageRepository.DOCKER_HUB : ref.getRegistry();
        return ImageRepository.of(registry, ref.getRepository());
    }

    /**
     * Pushes the SBOM of one subject unless the identical one is attached already; lists it as a referrer. Under the
     * push locks of its two blobs: another plan attaching the same SBOM (a push and a release tag of one commit
     * building at once) waits, then finds it attached.
     */
    private Attached put(ImageRepository repo, Descriptor subject, byte[] sbom) throws RegistryException, InterruptedException {
        ReferrerArtifact parts = SbomManifest.of(sbom, subject, generator());
        try (PushLocks.Permit permit = locks.blobs(repo, List.of(Digest.of(parts.config()), Digest.of(parts.content())))) {
            boolean written = parts.attach(client, repo, subject, ImageTag.parse(SbomManifest.tag(subject.digest())));
            return new Attached(repo, subject.digest(), parts.manifestDigest(), written);
        }
    }
}
