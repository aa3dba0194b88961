package dev.tagline.builder.sbom;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.Platform;

import java.util.List;

/**
 * Everything the SBOM of one image manifest says, gathered from the registry.
 *
 * @param platform null when unknown (a single-platform image whose plan gave none)
 * @param base     null for an image built from scratch
 * @param added    the layers tagline added on top of the base, in image order
 */
public record ImageInventory(ImageRepository repository, Digest digest, Platform platform, Base base, BaseContents baseContents,
                             List<AddedLayer> added) {
    public ImageInventory {
        baseContents = baseContents == null ? BaseContents.NONE : baseContents;
        added = List.copyOf(added);
    }

    /**
     * The base image as the recipe named it and as it was pinned.
     *
     * @param requested the recipe's reference ({@code registry/base/jre:17})
     * @param digest    what the reference resolved to (an index for a multi-platform base)
     * @param image     the platform manifest of the base used for this image (= digest for a single-platform base)
     */
    public record Base(String requested, ImageRepository repository, Digest digest, Digest image) {
    }

    /** A layer tagline added, with its files. */
    public record AddedLayer(Digest digest, List<AddedFile> files) {
        public AddedLayer {
            files = List.copyOf(files);
        }
    }
}
