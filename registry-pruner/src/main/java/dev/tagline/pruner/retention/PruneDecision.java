package dev.tagline.pruner.retention;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.util.Objects;

/**
 * The verdict for one tag (tag set, with the digest it resolves to) or one digest (tag null).
 *
 * @param rule   the rule that decided, e.g. {@code keep-last:10}, {@code protected-digest},
 *               {@code shared-digest}; stable strings the README lists
 * @param reason a sentence a release engineer can check
 */
public record PruneDecision(ImageTag tag, Digest digest, Verdict decision, String rule, String reason) {

    /** DELETED in a plan means "would delete"; SKIPPED means "should go but is left, see reason". */
    public enum Verdict { DELETED, KEPT, SKIPPED }

    public PruneDecision {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean isTag() {
        return tag != null;
    }

    public boolean deletes() {
        return decision == Verdict.DELETED;
    }

    public PruneDecision with(Verdict newDecision, String newRule, String newReason) {
        return new PruneDecision(tag, digest, newDecision, newRule, newReason);
    }

    @Override
    public String toString() {
        return (tag != null ? tag + "@" : "") + digest + " " + decision + " [" + rule + "] " + reason;
    }
}
