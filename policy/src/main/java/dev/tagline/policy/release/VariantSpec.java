package dev.tagline.policy.release;

import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.schema.value.Platform;

import java.util.List;

/**
 * One image variant built from the same commit ({@code base}, {@code full}, {@code slim}).
 *
 * @param name      {@code [a-z0-9][a-z0-9_-]*}
 * @param suffix    appended to every tag of this variant, {@code latest} included ({@code -full} gives
 *                  {@code 1.2.3-full}, {@code latest-full}); empty for the default variant
 * @param images    target images; empty means the policy's images
 * @param platforms the image index's platforms
 * @param recipe    how to build it (the policy's recipe with this variant's overrides)
 * @param enable    a template that must give true or false (e.g. {@code {{is_default_branch}}}); false skips the variant
 */
public record VariantSpec(String name, String suffix, List<ImageSpec> images, List<Platform> platforms, BuildRecipe recipe, Template enable) {
    public VariantSpec {
        images = List.copyOf(images);
        platforms = List.copyOf(platforms);
    }
}
