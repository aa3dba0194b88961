package dev.tagline.pruner.execution;

import dev.tagline.pruner.retention.PruneDecision;
import dev.tagline.schema.value.Digest;

/**
 * What finally happened to one tag or digest: the (possibly downgraded) decision, what the tag resolved
 * to just before acting, and whether the verification pass still found it (null in a dry run).
 */
public record PruneOutcome(PruneDecision decision, Digest resolvedBefore, Boolean presentAfter) {
}
