package dev.tagline.builder.recipe;

import java.nio.file.Path;

/**
 * One file of a layer: where it is in the checkout, its absolute path in the image and its
 * permission bits (e.g. {@code 0644}).
 */
public record LayerEntry(Path source, String target, int mode) {
    public String octalMode() {
        return String.format("%03o", mode);
    }
}
