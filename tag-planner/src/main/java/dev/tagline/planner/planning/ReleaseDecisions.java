package dev.tagline.planner.planning;

import dev.tagline.policy.autorelease.AutoRelease;
import dev.tagline.policy.conventional.ReleaseDecider;
import dev.tagline.policy.conventional.ReleaseOutcome;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.value.CommitSha;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Releases from Conventional Commits, tag-planner's part: whether a branch push is released, as a
 * {@link ReleaseDecision} for tag-listener to carry out. Pure: the commits ride on the event, the known
 * tags come from the release facts, the time is given.
 */
public final class ReleaseDecisions {
    private ReleaseDecisions() {
    }

    /** What a push came to: a decision to publish, or why not (for the log). */
    public record Result(Optional<ReleaseDecision> decision, ReleaseOutcome outcome) {
    }

    /**
     * @param knownTags every tag of the repository known (short name -> commit)
     * @return empty when the event is no branch push with commits or the policy has no {@code release:} section
     */
    public static Optional<Result> decide(RefEvent event, AutoRelease rules, Map<String, CommitSha> knownTags, Instant now) {
        if (rules == null || event.commits() == null || !event.ref().isBranch() || event.replay() != null
                || (event.change() != RefChange.CREATED && event.change() != RefChange.UPDATED)) {
            return Optional.empty();
        }
        ReleaseOutcome outcome = ReleaseDecider.decide(rules, event.ref().shortName(), event.newCommit(), event.commits(), knownTags);
        if (!(outcome instanceof ReleaseOutcome.Release r)) {
            return Optional.of(new Result(Optional.empty(), outcome));
        }
        ReleaseDecision decision = ReleaseDecision.create(event.repository(), event.cloneUrl(), event.ref(), event.newCommit(), r.tagName(),
                r.version().toString(), r.kind().name().toLowerCase(Locale.ROOT), r.previousTag(), r.changelog(), rules.annotated(),
                rules.dryRun(), event.id(), now);
        return Optional.of(new Result(Optional.of(decision), outcome));
    }
}
