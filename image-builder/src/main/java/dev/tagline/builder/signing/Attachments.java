package dev.tagline.builder.signing;

import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.MediaTypes;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes cosign's tag-addressed manifests ({@code .sig}, {@code .att}) in one repository, and keeps
 * them listed as OCI referrers of the image: a registry with the referrers API indexes a manifest with a
 * {@code subject} itself; on one without it (Distribution 2.8 answers 404), the referrers tag schema's index
 * {@code sha256-<hex>} is updated (read, add this manifest, drop the one it replaced, write).
 */
public final class Attachments {
    /** Large enough for any signature payload or provenance envelope tagline writes. */
    static final long MAX_BLOB = 4L << 20;

    private final RegistryClient client;

    public Attachments(RegistryClient client) {
        this.client = client;
    }

    /** A stored layer with its bytes (checked against the digest by the client). */
    public record Blob(Descriptor descriptor, byte[] content) {
    }

    public Optional<Manifest> find(ImageRepository repo, ImageTag tag) throws RegistryException {
        return client.findManifest(repo, tag);
    }

    /** The layers of {@code m} with the given media type, with their bytes. */
    public List<Blob> layers(ImageRepository repo, Manifest m, String mediaType) throws RegistryException {
        List<Blob> out = new ArrayList<>();
        for (Descriptor d : m.layers()) {
            if (mediaType.equals(d.mediaType())) {
                out.add(new Blob(d, client.getBlob(repo, d.digest(), MAX_BLOB)));
            }
        }
        return out;
    }

    /**
     * Writes the manifest {@code tag} = {@code kept} layers (as they are) + one new layer of {@code content}, a
     * referrer of {@code subject}; returns its digest. {@code replaced}: the manifest the tag held before, if any.
     */
    public Digest write(ImageRepository repo, ImageTag tag, String artifactType, Descriptor subject, List<Descriptor> kept,
                        String mediaType, byte[] content, Map<String, String> annotations, Optional<Manifest> replaced)
            throws RegistryException {
        client.pushBlob(repo, content);
        List<Descriptor> layers = new ArrayList<>(kept);
        layers.add(Descriptor.of(mediaType, content).withAnnotations(annotations));
        byte[] config = CosignManifests.config(layers);
        client.pushBlob(repo, config);
        byte[] manifest = CosignManifests.manifest(artifactType, Descriptor.of(MediaTypes.OCI_CONFIG, config), layers, subject);
        Digest digest = client.putManifest(repo, tag, manifest, MediaTypes.OCI_MANIFEST);
        Descriptor self = Descriptor.of(MediaTypes.OCI_MANIFEST, manifest).withArtifactType(artifactType);
        listAsReferrer(repo, subject.digest(), self, replaced.map(Manifest::digest).orElse(null));
        return digest;
    }

    private void listAsReferrer(ImageRepository repo, Digest subject, Descriptor self, Digest replaced) throws RegistryException {
        // one read-modify-write of the fallback index at a time: the SBOM, notes and signatures of a digest attach at once
        client.underReferrersIndexLock(repo, subject, () -> {
            List<Descriptor> listed = client.referrers(repo, subject);
            if (listed.stream().anyMatch(d -> d.digest().equals(self.digest()))) {
                return null;
            }
            List<Descriptor> next = new ArrayList<>();
            for (Descriptor d : listed) {
                if (!d.digest().equals(replaced)) {
                    next.add(d);
                }
            }
            next.add(self);
            byte[] index = CosignManifests.referrersIndex(next);
            client.putManifest(repo, RegistryClient.referrersTag(subject), index, MediaTypes.OCI_INDEX);
            return null;
        });
    }
}
