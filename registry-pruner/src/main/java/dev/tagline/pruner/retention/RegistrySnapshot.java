package dev.tagline.pruner.retention;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one image repository of a registry holds, as the retention planner sees it: every tag with
 * the digest it resolves to, and every manifest that was read (index children, subjects, config
 * creation time). Push times come from tagline's own build results; null where tagline never saw it.
 *
 * @param repository          the image repository, e.g. {@code 127.0.0.1:5000/acme/shop}
 * @param tagDeletionSupported whether the registry can delete one tag without its digest (probed)
 */
public record RegistrySnapshot(String repository, List<Tag> tags, List<Manifest> manifests, boolean tagDeletionSupported) {

    public RegistrySnapshot {
        Objects.requireNonNull(repository, "repository");
        tags = tags.stream().sorted(Comparator.comparing(Tag::tag)).toList();
        manifests = manifests.stream().sorted(Comparator.comparing(Manifest::digest)).toList();
    }

    public RegistrySnapshot(String repository, List<Tag> tags, List<Manifest> manifests) {
        this(repository, tags, manifests, false);
    }

    /** A tag and the digest it resolved to; {@code pushedAt} = when tagline last wrote the tag onto that digest. */
    public record Tag(ImageTag tag, Digest digest, Instant pushedAt) {
        public Tag {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(digest, "digest");
        }

        public static Tag of(String tag, Digest digest, Instant pushedAt) {
            return new Tag(ImageTag.parse(tag), digest, pushedAt);
        }
    }

    /**
     * One manifest. {@code children} are an index's manifests (empty for an image); {@code subject} is
     * the OCI 1.1 subject of a referrer (signature, SBOM, attestation); {@code configCreated} is the
     * image config's {@code created}; {@code pushedAt} is when tagline pushed this digest; {@code blobs}
     * are the config and layer sizes when read from a registry (empty when unknown, e.g. from a file),
     * used only to tell how many bytes a deletion frees.
     */
    public record Manifest(Digest digest, String mediaType, List<Digest> children, Digest subject,
                           Instant configCreated, Instant pushedAt, Map<Digest, Long> blobs) {
        public Manifest {
            Objects.requireNonNull(digest, "digest");
            mediaType = mediaType == null ? "" : mediaType;
            children = children == null ? List.of() : List.copyOf(children);
            blobs = blobs == null ? Map.of() : Map.copyOf(blobs);
        }

        public Manifest(Digest digest, String mediaType, List<Digest> children, Digest subject, Instant configCreated, Instant pushedAt) {
            this(digest, mediaType, children, subject, configCreated, pushedAt, Map.of());
        }

        public boolean isIndex() {
            return !children.isEmpty() || mediaType.contains("index") || mediaType.contains("manifest.list");
        }
    }

    public Map<Digest, Manifest> manifestsByDigest() {
        Map<Digest, Manifest> byDigest = new LinkedHashMap<>();
        manifests.forEach(m -> byDigest.put(m.digest(), m));
        return byDigest;
    }

    /** Tags whose digest has no manifest entry: that manifest could not be read. */
    public List<Tag> tagsWithoutManifest() {
        Map<Digest, Manifest> byDigest = manifestsByDigest();
        List<Tag> missing = new ArrayList<>();
        for (Tag t : tags) {
            if (!byDigest.containsKey(t.digest())) {
                missing.add(t);
            }
        }
        return missing;
    }
}
