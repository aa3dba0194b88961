package dev.tagline.planner.planning;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.time.Instant;

/**
 * The facts of one event the planner needs, from a {@link RefEvent} or from the command line.
 *
 * @param eventName     metadata-action's event name: {@code push}, {@code pull_request}, {@code schedule}, ...
 * @param sha           null for a deleted ref
 * @param defaultBranch null: the policy's
 * @param baseRef       a tag's branch or a pull request's target branch, or null
 * @param commitTime    null when unknown (the plan then has none: the builder reads it from the commit)
 * @param now           the time templates render {@code {{date}}} from: the event's own time (see {@link #eventTime}), never a
 *                      clock; null when unknown
 * @param scheduleName  the schedule that fired ({@code nightly}), or null
 */
public record PlanRequest(GitRef ref, RefChange change, String eventName, CommitSha sha, Instant commitTime, Instant now,
                          String defaultBranch, String baseRef, String scheduleName) {

    /** The request for an event, its templates dated by the event itself ({@link #eventTime}), so a replay plans the same. */
    public static PlanRequest of(RefEvent event) {
        return of(event, eventTime(event));
    }

    /**
     * The time an event's templates render from: a scheduled event's slot (a replay or a late run of the
     * nightly of 2026-03-01 is still dated 2026-03-01), otherwise the commit time. A deleted ref (no commit)
     * is dated by when it was observed. Null when the commit time is unknown: the planner then never guesses a
     * date ({@link TagPlanner#decide} skips an event whose tags or labels would render one).
     */
    public static Instant eventTime(RefEvent event) {
        if (event.schedule() != null) {
            return event.schedule().slot();
        }
        return commitTime(event);
    }

    /** The event's commit time; a deletion's observed time (it has no commit); null when unknown. */
    private static Instant commitTime(RefEvent event) {
        if (event.commitTime() != null) {
            return event.commitTime();
        }
        return event.change() == RefChange.DELETED ? event.observedAt() : null;
    }

    public static PlanRequest of(RefEvent event, Instant now) {
        String eventName = event.change() == RefChange.SCHEDULED ? "schedule"
                : event.ref().isPullRequest() ? "pull_request" : "push";
        return new PlanRequest(event.ref(), event.change(), eventName, event.newCommit(), commitTime(event), now, event.defaultBranch(),
                event.baseRef(), event.schedule() == null ? null : event.schedule().name());
    }
}
