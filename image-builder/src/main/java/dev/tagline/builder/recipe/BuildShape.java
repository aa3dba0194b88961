package dev.tagline.builder.recipe;

import dev.tagline.schema.event.Layer;
import dev.tagline.schema.event.VariantPlan;

/** How a variant becomes an image: one image, jib's manifest list, or one image per platform under an OCI index. */
public enum BuildShape {
    /** One platform: one OCI image (manifest annotations added when the plan has any). */
    SINGLE_IMAGE,
    /** Several platforms, the same files on each and no annotations: jib's Docker manifest list. */
    MANIFEST_LIST,
    /**
     * Several platforms with per-platform sources ({@code {arch}} ...), a platform variant
     * ({@code linux/arm/v7}) or manifest annotations: one
     * OCI image per platform, and an OCI image index (with the annotations) written by tagline,
     * since jib-core cannot write OCI indexes.
     */
    OCI_INDEX;

    public static BuildShape of(VariantPlan variant) {
        if (variant.platforms().size() == 1) {
            return SINGLE_IMAGE;
        }
        boolean perPlatform = variant.recipe().layers().stream().anyMatch(Layer::perPlatform);
        // jib's platforms have no variant (arm/v7): only tagline's own index can say it
        boolean variants = variant.platforms().stream().anyMatch(p -> p.variant() != null);
        return perPlatform || variants || !variant.annotations().isEmpty() ? OCI_INDEX : MANIFEST_LIST;
    }
}
