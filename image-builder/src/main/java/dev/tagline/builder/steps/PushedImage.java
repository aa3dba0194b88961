package dev.tagline.builder.steps;

import dev.tagline.schema.value.Digest;

/** What a push left in one repository: the manifest (or manifest list) digest and the bytes of the blobs it uploaded. */
public record PushedImage(Digest digest, long uploadedBytes) {
}
