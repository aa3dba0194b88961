package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * How to build a variant, fully resolved by the planner.
 *
 * @param baseImage    an image reference ({@code eclipse-temurin:17-jre}, {@code host:5000/base@sha256:...}),
 *                     or null / {@code scratch} for an empty base
 * @param layers       files from the checkout, one image layer each, in order
 * @param buildCommand run in a clean checkout before the layers are taken, or null
 * @param container    the container configuration
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildRecipe(
        String baseImage,
        List<Layer> layers,
        BuildCommand buildCommand,
        ContainerConfig container) {

    public static final String SCRATCH = "scratch";

    public BuildRecipe {
        layers = Require.list(layers);
        container = container == null ? ContainerConfig.EMPTY : container;
        if (baseImage != null && baseImage.isBlank()) {
            baseImage = null;
        }
    }

    public boolean fromScratch() {
        return baseImage == null || baseImage.equals(SCRATCH);
    }
}
