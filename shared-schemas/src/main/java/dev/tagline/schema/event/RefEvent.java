package dev.tagline.schema.event;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A tag created or deleted, a branch head moved, a pull request head, or a scheduled trigger.
 *
 * <p>The id hashes what makes the change unique (repository, ref, change, old and new commit,
 * schedule slot, replay run), not where it was observed: the same tag push seen by a webhook and by
 * the poller has one id.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RefEvent(
        int schemaVersion,
        String eventId,
        RepositoryId repository,
        String cloneUrl,
        GitRef ref,
        RefChange change,
        CommitSha oldCommit,
        CommitSha newCommit,
        Instant commitTime,
        EventSource source,
        String deliveryId,
        Instant observedAt,
        String defaultBranch,
        String baseRef,
        Schedule schedule,
        Replay replay,
        @JsonInclude(JsonInclude.Include.NON_NULL) CommitRange commits,
        @JsonInclude(JsonInclude.Include.NON_NULL) PullRequestHead pullRequestHead) implements TaglineEvent {

    /** An event without commits or a pull request head (every event of schema 1 before those features). */
    public RefEvent(int schemaVersion, String eventId, RepositoryId repository, String cloneUrl, GitRef ref, RefChange change,
                    CommitSha oldCommit, CommitSha newCommit, Instant commitTime, EventSource source, String deliveryId,
                    Instant observedAt, String defaultBranch, String baseRef, Schedule schedule, Replay replay) {
        this(schemaVersion, eventId, repository, cloneUrl, ref, change, oldCommit, newCommit, commitTime, source, deliveryId,
                observedAt, defaultBranch, baseRef, schedule, replay, null, null);
    }

    /** An event with the commits of its push (a branch of a repository that releases from commits), no pull request head. */
    public RefEvent(int schemaVersion, String eventId, RepositoryId repository, String cloneUrl, GitRef ref, RefChange change,
                    CommitSha oldCommit, CommitSha newCommit, Instant commitTime, EventSource source, String deliveryId,
                    Instant observedAt, String defaultBranch, String baseRef, Schedule schedule, Replay replay, CommitRange commits) {
        this(schemaVersion, eventId, repository, cloneUrl, ref, change, oldCommit, newCommit, commitTime, source, deliveryId,
                observedAt, defaultBranch, baseRef, schedule, replay, commits, null);
    }

    /** A pull request's event with where its code comes from, no commits. */
    public RefEvent(int schemaVersion, String eventId, RepositoryId repository, String cloneUrl, GitRef ref, RefChange change,
                    CommitSha oldCommit, CommitSha newCommit, Instant commitTime, EventSource source, String deliveryId,
                    Instant observedAt, String defaultBranch, String baseRef, Schedule schedule, Replay replay,
                    PullRequestHead pullRequestHead) {
        this(schemaVersion, eventId, repository, cloneUrl, ref, change, oldCommit, newCommit, commitTime, source, deliveryId,
                observedAt, defaultBranch, baseRef, schedule, replay, null, pullRequestHead);
    }

    public RefEvent {
        Require.schemaVersion("RefEvent", schemaVersion);
        Require.text("RefEvent", "eventId", eventId);
        Require.present("RefEvent", "repository", repository);
        Require.text("RefEvent", "cloneUrl", cloneUrl);
        Require.present("RefEvent", "ref", ref);
        Require.present("RefEvent", "change", change);
        Require.present("RefEvent", "source", source);
        Require.present("RefEvent", "observedAt", observedAt);
        if (change == RefChange.DELETED && newCommit != null) {
            throw new InvalidEventException("RefEvent.newCommit must be null for a DELETED ref");
        }
        if (change != RefChange.DELETED && newCommit == null) {
            throw new InvalidEventException("RefEvent.newCommit is required for a " + change + " ref");
        }
        if ((change == RefChange.SCHEDULED) != (schedule != null)) {
            throw new InvalidEventException("RefEvent.schedule must be set exactly when change is SCHEDULED");
        }
        if ((source == EventSource.REPLAY) != (replay != null)) {
            throw new InvalidEventException("RefEvent.replay must be set exactly when source is REPLAY");
        }
    }

    /** Builds an event whose id is computed from its identifying fields. */
    public static RefEvent create(RepositoryId repository, String cloneUrl, GitRef ref, RefChange change,
                                  CommitSha oldCommit, CommitSha newCommit,
                                  Instant commitTime, EventSource source, String deliveryId,
                                  Instant observedAt, String defaultBranch, String baseRef,
                                  Schedule schedule) {
        return create(repository, cloneUrl, ref, change, oldCommit, newCommit, commitTime, source, deliveryId, observedAt,
                defaultBranch, baseRef, schedule, null);
    }

    /**
     * Builds an event whose id is computed from its identifying fields; {@code pullRequestHead} (where a
     * pull request's code comes from) is not one of them.
     */
    public static RefEvent create(RepositoryId repository, String cloneUrl, GitRef ref, RefChange change,
                                  CommitSha oldCommit, CommitSha newCommit,
                                  Instant commitTime, EventSource source, String deliveryId,
                                  Instant observedAt, String defaultBranch, String baseRef,
                                  Schedule schedule, PullRequestHead pullRequestHead) {
        return new RefEvent(CURRENT_SCHEMA_VERSION,
                idFor(repository, ref, change, oldCommit, newCommit, schedule, null),
                repository, cloneUrl, ref, change, oldCommit, newCommit, commitTime, source, deliveryId,
                observedAt, defaultBranch, baseRef, schedule, null, null, pullRequestHead);
    }

    /**
     * This event re-emitted by a replay run: a new id (derived from the original event and the run),
     * source REPLAY. Replaying a replay points at the first original, so it is the same event as
     * replaying the original in that run.
     */
    public RefEvent asReplay(String runId, boolean rebuild, Instant now) {
        Replay marker = replay != null
                ? new Replay(runId, replay.originalEventId(), replay.originalSource(), rebuild)
                : new Replay(runId, eventId, source, rebuild);
        return new RefEvent(CURRENT_SCHEMA_VERSION,
                idFor(repository, ref, change, oldCommit, newCommit, schedule, marker),
                repository, cloneUrl, ref, change, oldCommit, newCommit, commitTime, EventSource.REPLAY,
                deliveryId, now, defaultBranch, baseRef, schedule, marker, commits, pullRequestHead);
    }

    /**
     * This event with the commits its push brought (not part of the id: the same push read twice, by a
     * webhook and by the poller, is one event).
     */
    public RefEvent withCommits(CommitRange range) {
        return new RefEvent(schemaVersion, eventId, repository, cloneUrl, ref, change, oldCommit, newCommit, commitTime, source,
                deliveryId, observedAt, defaultBranch, baseRef, schedule, replay, range, pullRequestHead);
    }

    public static String idFor(RepositoryId repository, GitRef ref, RefChange change, CommitSha oldCommit,
                               CommitSha newCommit, Schedule schedule, Replay replay) {
        return EventIds.of("ref", repository, ref, change, oldCommit, newCommit,
                schedule == null ? null : schedule.name(), schedule == null ? null : schedule.slot(),
                replay == null ? null : replay.runId(), replay == null ? null : replay.originalEventId());
    }

    /** True when the builder must rebuild even if the image already exists (a replay with --rebuild). */
    public boolean rebuild() {
        return replay != null && replay.rebuild();
    }

    @Override
    public String id() {
        return eventId;
    }
}
