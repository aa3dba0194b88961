package dev.tagline.schema.event;

/** How a variant's build ended. */
public enum BuildStatus {
    /** Every planned tag points at {@code digest}. */
    SUCCEEDED,
    /** The variant could not be built or pushed; {@code error} says why. */
    FAILED
}
