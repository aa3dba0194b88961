package dev.tagline.builder.push;

import dev.tagline.schema.value.Digest;

import java.util.Map;

/**
 * A single-platform image built locally (jib's OCI layout tar), before any push: its manifest digest
 * and every blob the manifest references (config and layers) with its size. Knowing the blobs first
 * is what lets {@link PushLocks} keep two pushes from uploading the same blob at once.
 */
public record LocalImage(Digest digest, Map<Digest, Long> blobs) {
    public LocalImage {
        blobs = Map.copyOf(blobs);
    }
}
