package dev.tagline.planner.planning;

import dev.tagline.schema.value.GitRef;

import java.time.Instant;

/**
 * What metadata-action calls the context: the ref, the event name ({@code push},
 * {@code pull_request}, {@code schedule}, ...), the commit, its time, the planning time, the
 * repository's default branch and the base ref (a tag's branch, a pull request's target branch).
 *
 * @param ref            null when there is no ref (metadata-action with an empty {@code GITHUB_REF})
 * @param sha            null for a deleted ref, or when there is no commit
 * @param shortShaLength length of {@code {{sha}}} and {@code type=sha,format=short}
 */
public record RefContext(GitRef ref, String eventName, String sha, Instant commitDate, Instant now, String defaultBranch,
                         String baseRef, int shortShaLength) {

    /** The ref without {@code refs/heads/} (as metadata-action strips it), or the full ref, or "" without a ref. */
    String branchOrRef() {
        return ref == null ? "" : ref.isBranch() ? ref.shortName() : ref.value();
    }

    boolean isSchedule() {
        return eventName.contains("schedule");
    }

    boolean isTag() {
        return ref != null && ref.isTag();
    }

    boolean isBranch() {
        return ref != null && ref.isBranch();
    }

    boolean isPullRequest() {
        return ref != null && ref.isPullRequest();
    }

    String branch() {
        return isBranch() ? ref.shortName() : "";
    }

    String tag() {
        return isTag() ? ref.shortName() : "";
    }
}
