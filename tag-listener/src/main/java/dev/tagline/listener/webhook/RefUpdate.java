package dev.tagline.listener.webhook;

import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.time.Instant;

/**
 * One ref change a webhook reported, before the shell completes it into a RefEvent.
 *
 * @param oldCommit      the previous commit; null for a created ref, or for a deletion whose sender did
 *                       not say (GitHub/Gitea {@code delete}): the shell then looks it up
 * @param newCommit      the new object; null for a deletion, or for a creation whose sender did not
 *                       say (GitHub {@code create}): the shell then resolves it
 * @param newCommitIsPeeled true when {@code newCommit} is known to be a commit; false when it may be an
 *                       annotated tag object the shell must peel
 * @param commitTime     the new commit's committer date when the payload carries that date (GitLab, the generic
 *                       format), else null: the shell reads it with JGit
 * @param baseRef        a pull/merge request's target branch, else null
 * @param pullRequestHead where a pull/merge request's head lives (a fork or not); null for other refs, or unknown
 */
public record RefUpdate(GitRef ref, RefChange change, CommitSha oldCommit, CommitSha newCommit,
                        boolean newCommitIsPeeled, Instant commitTime, GitRef baseRef, PullRequestHead pullRequestHead) {
    public RefUpdate {
        if (ref == null || change == null) {
            throw new IllegalArgumentException("ref and change are required");
        }
        if (change == RefChange.DELETED && newCommit != null) {
            throw new IllegalArgumentException("a deletion has no new commit");
        }
    }

    public RefUpdate(GitRef ref, RefChange change, CommitSha oldCommit, CommitSha newCommit, boolean newCommitIsPeeled, Instant commitTime,
                     GitRef baseRef) {
        this(ref, change, oldCommit, newCommit, newCommitIsPeeled, commitTime, baseRef, null);
    }

    /** This pull request update with where its head lives. */
    RefUpdate withPullRequestHead(PullRequestHead head) {
        return new RefUpdate(ref, change, oldCommit, newCommit, newCommitIsPeeled, commitTime, baseRef, head);
    }

    static RefUpdate commit(GitRef ref, RefChange change, CommitSha oldCommit, CommitSha newCommit, Instant commitTime) {
        return new RefUpdate(ref, change, oldCommit, newCommit, true, commitTime, null);
    }

    /** The sender named the ref but not the commit it now points to. */
    public boolean newCommitUnknown() {
        return change != RefChange.DELETED && newCommit == null;
    }

    /** A deletion whose sender did not say which commit the ref pointed to. */
    public boolean oldCommitUnknown() {
        return change == RefChange.DELETED && oldCommit == null;
    }

    public RefUpdate withNewCommit(CommitSha commit, Instant time) {
        return new RefUpdate(ref, change, oldCommit, commit, true, time != null ? time : commitTime, baseRef, pullRequestHead);
    }

    public RefUpdate withOldCommit(CommitSha commit) {
        return new RefUpdate(ref, change, commit, newCommit, newCommitIsPeeled, commitTime, baseRef, pullRequestHead);
    }

    public RefUpdate withCommitTime(Instant time) {
        return new RefUpdate(ref, change, oldCommit, newCommit, newCommitIsPeeled, time, baseRef, pullRequestHead);
    }
}
