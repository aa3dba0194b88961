package dev.tagline.builder.signing;

import dev.tagline.schema.event.TagPlan;

/**
 * The one place that decides whether a plan's images are signed and attested (when a key is configured):
 * trusted code only ({@link TagPlan#trusted()}: branches and tags of the repository). A pull request's
 * preview (always a fork's) is never signed, so tagline's key never vouches for code nobody reviewed.
 */
public final class SigningPolicy {
    private SigningPolicy() {
    }

    public static boolean shouldSign(TagPlan plan) {
        return plan != null && plan.trusted();
    }
}
