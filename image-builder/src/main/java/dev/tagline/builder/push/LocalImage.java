package dev.tagline.builder.push;

import dev.tagline.registry.BlobSource;
import dev.tagline.schema.value.Digest;

import java.nio.file.Path;
import java.util.Map;

/**
 * A single-platform image built locally (jib's OCI layout tar), before any push: its manifest (digest, exact bytes,
 * media type) and every blob the manifest references (config and layers) with its size and where its bytes are in
 * the tar. Knowing the blobs first is what lets {@link PushLocks} keep two pushes from uploading the same blob at
 * once; having their bytes is what lets tagline push them itself, without a second jib build.
 *
 * @param offsets where each blob's data starts in {@code tar} (an uncompressed tar: a blob is one contiguous region)
 */
public record LocalImage(Digest digest, Map<Digest, Long> blobs, byte[] manifest, String mediaType, Path tar,
                         Map<Digest, Long> offsets) {
    public LocalImage {
        blobs = Map.copyOf(blobs);
        offsets = Map.copyOf(offsets);
    }

    /** Names and sizes only (no bytes to push from). */
    public LocalImage(Digest digest, Map<Digest, Long> blobs) {
        this(digest, blobs, null, null, null, Map.of());
    }

    /** The bytes of one of its blobs, streamed from the tar. */
    public BlobSource blob(Digest blob) {
        Long offset = offsets.get(blob);
        if (offset == null || tar == null) {
            throw new IllegalArgumentException(blob + " is not a blob of " + digest + " in a tar");
        }
        return BlobSource.region(tar, offset, blobs.get(blob));
    }
}
