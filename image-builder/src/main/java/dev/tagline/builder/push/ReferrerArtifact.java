package dev.tagline.builder.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.MediaTypes;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A file attached to an image as cosign attaches one ({@code cosign attach sbom}) and as an OCI 1.1 referrer at once:
 * one OCI image manifest whose single layer is the file, with a minimal image config like cosign's (go-containerregistry's
 * empty image with that one layer), {@code artifactType} the file's media type and {@code subject} the image. It is tagged
 * {@code sha256-<hex><suffix>} (cosign's naming) and, on a registry without the referrers API, listed in the referrers
 * fallback index tagged {@code sha256-<hex>}. Bytes are compact JSON in a fixed field order, so the same file, subject
 * and annotations always give the same manifest digest.
 *
 * @param content  the file (the layer)
 * @param config   the config blob
 * @param manifest the manifest's bytes
 * @param artifactType the file's media type
 */
public record ReferrerArtifact(byte[] content, byte[] config, byte[] manifest, String artifactType) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EPOCH_ZERO = "0001-01-01T00:00:00Z";

    public static ReferrerArtifact of(byte[] content, String artifactType, Descriptor subject, Map<String, String> annotations) {
        Digest contentDigest = Digest.of(content);
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", List.of(contentDigest.value()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "");
        config.put("created", EPOCH_ZERO);
        config.put("history", List.of(Map.of("created", EPOCH_ZERO)));
        config.put("os", "");
        config.put("rootfs", rootfs);
        config.put("config", Map.of());
        byte[] configBytes = write(config);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("artifactType", artifactType);
        manifest.put("config", descriptor(MediaTypes.OCI_CONFIG, Digest.of(configBytes), configBytes.length));
        manifest.put("layers", List.of(descriptor(artifactType, contentDigest, content.length)));
        manifest.put("subject", descriptor(subject.mediaType(), subject.digest(), subject.size()));
        manifest.put("annotations", new TreeMap<>(annotations));
        return new ReferrerArtifact(content.clone(), configBytes, write(manifest), artifactType);
    }

    public Digest manifestDigest() {
        return Digest.of(manifest);
    }

    public Descriptor descriptor() {
        return Descriptor.of(MediaTypes.OCI_MANIFEST, manifest).withArtifactType(artifactType);
    }

    /** {@code sha256-<hex><suffix>}: where cosign-style clients look for an attachment of {@code subject}. */
    public static String tag(Digest subject, String suffix) {
        return "sha256-" + subject.hex() + suffix;
    }

    /**
     * Pushes this artifact under {@code tag} and lists it as a referrer of {@code subject} (the fallback index where the
     * registry has no referrers API); returns whether anything was written (nothing when it is there already). The
     * caller holds the push locks of its blobs.
     */
    public boolean attach(RegistryClient client, ImageRepository repo, Descriptor subject, ImageTag tag) throws RegistryException {
        return attach(client, repo, subject, tag, client.resolve(repo, tag), false);
    }

    /**
     * Uploads the artifact's two blobs (each unless present), and nothing else: no manifest, so no reference to the subject
     * yet; done while the subject itself is being pushed. The caller holds the push locks of the blobs.
     */
    public void pushBlobs(RegistryClient client, ImageRepository repo) throws RegistryException {
        client.pushBlob(repo, config);
        client.pushBlob(repo, content);
    }

    /**
     * Uploads the config ({@code configBlob}) or the content blob of an artifact not attached yet (its tag is absent or
     * holds another one) without asking first whether the registry has it: it is new (a blob that was there after all
     * is only written again). The caller holds the push locks of the blobs and uploads both at once.
     */
    public void uploadNew(RegistryClient client, ImageRepository repo, boolean configBlob) throws RegistryException {
        byte[] blob = configBlob ? config : content;
        client.uploadBlob(repo, Digest.of(blob), dev.tagline.registry.BlobSource.of(blob), null);
    }

    /**
     * {@link #attach(RegistryClient, ImageRepository, Descriptor, ImageTag)} after {@link #pushBlobs}, knowing what {@code tag}
     * held when the blobs were pushed ({@code current}; the caller read it, so it is not read again).
     */
    public boolean attach(RegistryClient client, ImageRepository repo, Descriptor subject, ImageTag tag, Optional<Descriptor> current)
            throws RegistryException {
        return attach(client, repo, subject, tag, current, true);
    }

    /**
     * {@link #attach(RegistryClient, ImageRepository, Descriptor, ImageTag, Optional)}, one round trip shorter on a registry
     * known to have no referrers API: under the fallback index's lock, the manifest is written while the index is read
     * ({@code io}), and the index is written once both are done (so it never lists a manifest not written yet).
     */
    public boolean attach(RegistryClient client, ImageRepository repo, Descriptor subject, ImageTag tag, Optional<Descriptor> current,
                          ExecutorService io) throws RegistryException {
        Digest digest = manifestDigest();
        boolean write = current.isEmpty() || !current.get().digest().equals(digest);
        if (io == null || !write || !client.knownWithoutReferrersApi(repo)) {
            return attach(client, repo, subject, tag, current, true);
        }
        Digest replaced = current.map(Descriptor::digest).orElse(null);
        ImageTag fallback = RegistryClient.referrersTag(subject.digest());
        return client.underReferrersIndexLock(repo, subject.digest(), () -> {
            Future<Optional<Manifest>> read = io.submit(() -> client.findManifest(repo, fallback));
            RuntimeException failedHere = null;
            RegistryException failed = null;
            try {
                client.putManifest(repo, tag, manifest, MediaTypes.OCI_MANIFEST);
            } catch (RegistryException e) {
                failed = e;
            } catch (RuntimeException e) {
                failedHere = e;
            }
            Optional<Manifest> index = awaitRead(read); // awaited even after a failure: nothing outlives the call
            if (failed != null) {
                throw failed;
            }
            if (failedHere != null) {
                throw failedHere;
            }
            byte[] updated = fallbackIndex(index.map(Manifest::bytes).orElse(null), descriptor(), replaced);
            if (updated != null) {
                client.putManifest(repo, fallback, updated, MediaTypes.OCI_INDEX);
            }
            return true;
        });
    }

    private static Optional<Manifest> awaitRead(Future<Optional<Manifest>> read) throws RegistryException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return read.get();
                } catch (InterruptedException e) {
                    interrupted = true; // a GET ends within the client's timeouts: wait for it, then pass the interrupt on
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RegistryException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean attach(RegistryClient client, ImageRepository repo, Descriptor subject, ImageTag tag, Optional<Descriptor> current,
                           boolean blobsPushed) throws RegistryException {
        Digest digest = manifestDigest();
        boolean pushed = false;
        if (current.isEmpty() || !current.get().digest().equals(digest)) {
            if (!blobsPushed) {
                pushBlobs(client, repo);
            }
            client.putManifest(repo, tag, manifest, MediaTypes.OCI_MANIFEST);
            pushed = true;
        }
        Digest replaced = current.map(Descriptor::digest).filter(d -> !d.equals(digest)).orElse(null);
        ImageTag fallback = RegistryClient.referrersTag(subject.digest());
        // one read-modify-write of the fallback index at a time: the SBOM, notes and signatures of a digest attach at once
        boolean indexWritten = client.underReferrersIndexLock(repo, subject.digest(), () -> {
            Optional<Manifest> fallbackIndex = null;
            List<Descriptor> referrers;
            if (client.knownWithoutReferrersApi(repo)) {
                // no referrers API (Distribution 2.8): the fallback index is the list; read it once
                fallbackIndex = client.findManifest(repo, fallback);
                referrers = fallbackIndex.filter(Manifest::isIndex).map(Manifest::manifests).orElse(List.of());
            } else {
                referrers = client.referrers(repo, subject.digest());
            }
            boolean listed = referrers.stream().anyMatch(d -> d.digest().equals(digest));
            byte[] existing = null;
            if (!listed || replaced != null) {
                existing = (fallbackIndex != null ? fallbackIndex : client.findManifest(repo, fallback)).map(Manifest::bytes).orElse(null);
            }
            if (!listed || existing != null) {
                // no referrers API (Distribution 2.8): the fallback index sha256-<hex> lists it, as oras and cosign keep it
                byte[] index = fallbackIndex(existing, descriptor(), replaced);
                if (index != null) {
                    client.putManifest(repo, fallback, index, MediaTypes.OCI_INDEX);
                    return true;
                }
            }
            return false;
        });
        return pushed || indexWritten;
    }

    /**
     * The referrers fallback index with {@code added} listed (and {@code replaced}, a manifest it supersedes, dropped);
     * null when {@code existing} already lists it and nothing is to be dropped (nothing to write). Other entries
     * (signatures, attestations, other tools' files) are kept as they are.
     */
    public static byte[] fallbackIndex(byte[] existing, Descriptor added, Digest replaced) {
        ObjectNode index;
        try {
            index = existing == null ? null : (ObjectNode) JSON.readTree(existing);
        } catch (IOException | ClassCastException e) {
            index = null;
        }
        if (index == null) {
            index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
        }
        JsonNode manifests = index.get("manifests");
        ArrayNode list = manifests instanceof ArrayNode a ? a : index.putArray("manifests");
        boolean listed = false;
        boolean dropped = false;
        for (int i = list.size() - 1; i >= 0; i--) {
            String d = list.get(i).path("digest").asText();
            if (d.equals(added.digest().value())) {
                listed = true;
            } else if (replaced != null && d.equals(replaced.value())) {
                list.remove(i);
                dropped = true;
            }
        }
        if (listed && !dropped) {
            return null;
        }
        if (!listed) {
            ObjectNode entry = list.addObject();
            entry.put("mediaType", added.mediaType());
            entry.put("digest", added.digest().value());
            entry.put("size", added.size());
            entry.put("artifactType", added.artifactType());
        }
        try {
            return JSON.writeValueAsBytes(index);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> descriptor(String mediaType, Digest digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest.value());
        d.put("size", size);
        return d;
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
