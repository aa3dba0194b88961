package dev.tagline.builder.steps;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tagline.schema.value.Digest;

/**
 * The resolved base of a variant: scratch, or an image pinned by digest (so a moving base tag
 * cannot change the image between the key check and the build).
 *
 * @param reference the jib reference pinned by digest, null for scratch
 */
public record BaseImage(String requested, ImageReference reference, Digest digest) {
    public static final BaseImage SCRATCH = new BaseImage("scratch", null, null);

    public boolean scratch() {
        return reference == null;
    }

    /** The base's digest, or {@code scratch}: an input of the build key. */
    public String keyPart() {
        return scratch() ? "scratch" : digest.value();
    }
}
