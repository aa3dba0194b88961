package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A manifest as the registry served it: the raw bytes exactly (so {@code digest} is their sha256 and
 * a PUT of {@code bytes} elsewhere keeps the digest), plus a parsed view.
 *
 * @param manifests children of an index / manifest list; empty for an image manifest
 * @param config    the config descriptor of an image manifest; null for an index
 * @param layers    layers of an image manifest; empty for an index
 * @param subject   OCI 1.1 subject (this manifest is a referrer of it), or null
 */
public record Manifest(Digest digest, String mediaType, byte[] bytes,
                       List<Descriptor> manifests,
                       @Nullable Descriptor config, List<Descriptor> layers,
                       @Nullable Descriptor subject, Map<String, String> annotations) {
    public Manifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(bytes, "bytes");
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null || annotations.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** An OCI image index or a Docker manifest list. */
    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** This manifest as a descriptor (media type, digest, size of the bytes). */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    /** A copy of the raw bytes (the record's accessor returns the array itself; do not modify it). */
    public byte[] bytesCopy() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && m.digest.equals(digest) && m.mediaType.equals(mediaType)
                && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + " " + digest + ", " + bytes.length + " bytes, "
                + manifests.size() + " children, " + layers.size() + " layers"
                + (subject == null ? "" : ", subject " + subject.digest()) + "]";
    }
}
