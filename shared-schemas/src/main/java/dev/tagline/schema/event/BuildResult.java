package dev.tagline.schema.event;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.RepositoryId;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one variant of one plan. {@code digest} is the index digest for a multi-arch image
 * (its children in {@code platforms}). {@code tagsWritten} were (re)pointed at the digest by this
 * build, {@code tagsAlreadyPresent} already pointed there. {@code finishedAt} is the push time the
 * pruner ages tags by. The id is {@code hash(planId, variant)}: a redelivered plan yields the same id.
 *
 * <p>{@code promoted}: the image already existed (same build key behind a planned tag, e.g. a release
 * tag on a commit built by a push), so nothing was fetched, built or uploaded: only manifest PUTs of
 * that digest. {@code tagsRemoved}: tags a retraction took off (the plan's {@code untag}); a result
 * that only removed tags may have no digest. Both are absent on the wire when false / empty.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildResult(
        int schemaVersion,
        String resultId,
        String planId,
        String eventId,
        RepositoryId repository,
        CommitSha commit,
        String variant,
        BuildStatus status,
        Digest digest,
        String mediaType,
        List<PlatformImage> platforms,
        List<PushedTags> tagsWritten,
        List<PushedTags> tagsAlreadyPresent,
        long bytesUploaded,
        long bytesReused,
        String error,
        BuildTimings timings,
        Instant startedAt,
        Instant finishedAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean promoted,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PushedTags> tagsRemoved) implements TaglineEvent {

    public BuildResult {
        Require.schemaVersion("BuildResult", schemaVersion);
        Require.text("BuildResult", "resultId", resultId);
        Require.text("BuildResult", "planId", planId);
        Require.text("BuildResult", "eventId", eventId);
        Require.present("BuildResult", "repository", repository);
        Require.present("BuildResult", "commit", commit);
        Require.text("BuildResult", "variant", variant);
        Require.present("BuildResult", "status", status);
        Require.present("BuildResult", "startedAt", startedAt);
        Require.present("BuildResult", "finishedAt", finishedAt);
        platforms = Require.list(platforms);
        tagsWritten = Require.list(tagsWritten);
        tagsAlreadyPresent = Require.list(tagsAlreadyPresent);
        tagsRemoved = Require.list(tagsRemoved);
        Require.nonNegative("BuildResult", "bytesUploaded", bytesUploaded);
        Require.nonNegative("BuildResult", "bytesReused", bytesReused);
        timings = timings == null ? BuildTimings.NONE : timings;
        if (status == BuildStatus.SUCCEEDED && digest == null && !(tagsWritten.isEmpty() && tagsAlreadyPresent.isEmpty())) {
            throw new InvalidEventException("BuildResult.digest is required when status is SUCCEEDED and a tag points at it");
        }
        if (status == BuildStatus.FAILED && (error == null || error.isBlank())) {
            throw new InvalidEventException("BuildResult.error is required when status is FAILED");
        }
    }

    /** A result of a build that removed no tag; {@code promoted} says whether it only re-tagged an existing image. */
    public BuildResult(int schemaVersion, String resultId, String planId, String eventId, RepositoryId repository, CommitSha commit,
                       String variant, BuildStatus status, Digest digest, String mediaType, List<PlatformImage> platforms,
                       List<PushedTags> tagsWritten, List<PushedTags> tagsAlreadyPresent, long bytesUploaded, long bytesReused,
                       String error, BuildTimings timings, Instant startedAt, Instant finishedAt) {
        this(schemaVersion, resultId, planId, eventId, repository, commit, variant, status, digest, mediaType, platforms, tagsWritten,
                tagsAlreadyPresent, bytesUploaded, bytesReused, error, timings, startedAt, finishedAt, false, List.of());
    }

    /** This result, recorded as a promotion (or not) and with the tags a retraction removed. */
    public BuildResult with(boolean promoted, List<PushedTags> tagsRemoved) {
        return new BuildResult(schemaVersion, resultId, planId, eventId, repository, commit, variant, status, digest, mediaType, platforms,
                tagsWritten, tagsAlreadyPresent, bytesUploaded, bytesReused, error, timings, startedAt, finishedAt, promoted, tagsRemoved);
    }

    public static String idFor(String planId, String variant) {
        return EventIds.of("build", planId, variant);
    }

    @Override
    public String id() {
        return resultId;
    }
}
