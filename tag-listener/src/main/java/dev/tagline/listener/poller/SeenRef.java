package dev.tagline.listener.poller;

/**
 * A ref as last seen on a remote: the advertised object (a commit, or an annotated tag object) and
 * the commit it peels to.
 */
public record SeenRef(String objectId, String commit) {
    public SeenRef {
        if (objectId == null || objectId.isBlank()) {
            throw new IllegalArgumentException("objectId is required");
        }
    }
}
