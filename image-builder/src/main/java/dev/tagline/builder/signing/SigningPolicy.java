package dev.tagline.builder.signing;

import dev.tagline.schema.event.TagPlan;

/**
 * The one place that decides whether a plan's images are signed and attested (when a key is configured).
 * Every plan is, today; plans from untrusted sources (e.g. pull requests) must return false here, so that
 * tagline's key never vouches for code nobody reviewed.
 */
public final class SigningPolicy {
    private SigningPolicy() {
    }

    public static boolean shouldSign(TagPlan plan) {
        return plan != null;
    }
}
