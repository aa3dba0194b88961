package dev.tagline.planner.planning;

import dev.tagline.schema.value.GitRef;

import java.time.Instant;

/**
 * What metadata-action calls the context: the ref, the event name ({@code push},
 * {@code pull_request}, {@code schedule}, ...), the commit, its time, the planning time, the
 * repository's default branch and the base ref (a tag's branch, a pull request's target branch).
 *
 * @param sha null for a deleted ref
 */
public record RefContext(GitRef ref, String eventName, String sha, Instant commitDate, Instant now, String defaultBranch,
                         String baseRef) {

    /** The ref without {@code refs/heads/} / {@code refs/tags/} (as metadata-action strips them), or the full ref. */
    String branchOrRef() {
        return ref.isBranch() ? ref.shortName() : ref.value();
    }

    boolean isSchedule() {
        return eventName.contains("schedule");
    }

    String branch() {
        return ref.isBranch() ? ref.shortName() : "";
    }

    String tag() {
        return ref.isTag() ? ref.shortName() : "";
    }
}
