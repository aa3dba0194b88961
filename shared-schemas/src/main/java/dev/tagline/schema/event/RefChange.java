package dev.tagline.schema.event;

/** What happened to the ref. */
public enum RefChange {
    /** A ref appeared (tag pushed, branch created, pull request opened). */
    CREATED,
    /** A ref moved from {@code oldCommit} to {@code newCommit} (branch push, force-pushed tag, pull request synchronized). */
    UPDATED,
    /** A ref disappeared (tag or branch deleted, pull request closed). {@code newCommit} is null. */
    DELETED,
    /** A schedule fired for the ref's current head (nightly); {@code schedule} says which. */
    SCHEDULED
}
