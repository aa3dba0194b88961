package dev.tagline.builder.steps;

import dev.tagline.schema.value.Digest;

import java.util.Set;

/** What jib pushed: the manifest (or manifest list) digest and the blobs it found already there. */
public record PushedImage(Digest digest, Set<Digest> blobsSkipped) {
    public PushedImage {
        blobsSkipped = Set.copyOf(blobsSkipped);
    }
}
