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
        Instant finishedAt) implements TaglineEvent {

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
        Require.nonNegative("BuildResult", "bytesUploaded", bytesUploaded);
        Require.nonNegative("BuildResult", "bytesReused", bytesReused);
        timings = timings == null ? BuildTimings.NONE : timings;
        if (status == BuildStatus.SUCCEEDED && digest == null) {
            throw new InvalidEventException("BuildResult.digest is required when status is SUCCEEDED");
        }
        if (status == BuildStatus.FAILED && (error == null || error.isBlank())) {
            throw new InvalidEventException("BuildResult.error is required when status is FAILED");
        }
    }

    public static String idFor(String planId, String variant) {
        return EventIds.of("build", planId, variant);
    }

    @Override
    public String id() {
        return resultId;
    }
}
