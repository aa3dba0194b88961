package dev.tagline.listener.git;

/**
 * A ref as a remote advertises it: the object it points to and, for an annotated tag whose peeled
 * value was advertised, the commit ({@code peeled}, else null).
 */
public record RemoteRef(String name, String objectId, String peeledId) {
}
