package dev.tagline.schema.event;

/** What the pruner did (or, in a dry run, would do) with a tag or digest. */
public enum PruneDecision {
    DELETED, KEPT, SKIPPED
}
