package dev.tagline.builder.service;

import dev.tagline.builder.steps.TagDiff;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.PlatformImage;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link BuildResult} of one variant (pure). The id depends only on plan and variant. */
public final class ResultAssembler {
    private ResultAssembler() {
    }

    public static BuildResult succeeded(TagPlan plan, String variant, Digest digest, String mediaType, List<PlatformImage> platforms,
                                        Map<ImageRepository, TagDiff> tags, long bytesUploaded, long bytesReused,
                                        BuildTimings timings, Instant startedAt, Instant finishedAt) {
        List<PushedTags> written = new ArrayList<>();
        List<PushedTags> present = new ArrayList<>();
        tags.forEach((repo, diff) -> {
            if (!diff.missing().isEmpty()) {
                written.add(new PushedTags(repo, diff.missing()));
            }
            if (!diff.present().isEmpty()) {
                present.add(new PushedTags(repo, diff.present()));
            }
        });
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(plan.planId(), variant), plan.planId(),
                plan.eventId(), plan.repository(), plan.commit(), variant, BuildStatus.SUCCEEDED, digest, mediaType, platforms,
                written, present, bytesUploaded, bytesReused, null, timings, startedAt, finishedAt);
    }

    /**
     * The result with more tags written or found present (a plan's floating tags, moved after every variant
     * succeeded), each repository's tags listed in the plan's order ({@code planned}); moving them took
     * {@code pushMillis} more (added to the push and total timings) and ended at {@code finishedAt}.
     */
    public static BuildResult withTags(BuildResult r, Map<ImageRepository, TagDiff> more, List<ImageTag> planned, long pushMillis,
                                       Instant finishedAt) {
        List<PushedTags> written = new ArrayList<>(r.tagsWritten());
        List<PushedTags> present = new ArrayList<>(r.tagsAlreadyPresent());
        more.forEach((repo, diff) -> {
            merge(written, repo, diff.missing(), planned);
            merge(present, repo, diff.present(), planned);
        });
        BuildTimings t = r.timings();
        BuildTimings timings = new BuildTimings(t.fetchMillis(), t.commandMillis(), t.imageMillis(), t.pushMillis() + pushMillis,
                t.totalMillis() + pushMillis);
        return new BuildResult(r.schemaVersion(), r.resultId(), r.planId(), r.eventId(), r.repository(), r.commit(), r.variant(),
                r.status(), r.digest(), r.mediaType(), r.platforms(), written, present, r.bytesUploaded(), r.bytesReused(), r.error(),
                timings, r.startedAt(), finishedAt.isAfter(r.finishedAt()) ? finishedAt : r.finishedAt()).with(r.promoted(), r.tagsRemoved());
    }

    private static void merge(List<PushedTags> into, ImageRepository repo, List<ImageTag> tags, List<ImageTag> planned) {
        if (tags.isEmpty()) {
            return;
        }
        for (int i = 0; i < into.size(); i++) {
            if (into.get(i).image().equals(repo)) {
                List<ImageTag> all = new ArrayList<>(into.get(i).tags());
                all.addAll(tags);
                all.sort(java.util.Comparator.comparingInt(planned::indexOf));
                into.set(i, new PushedTags(repo, all));
                return;
            }
        }
        into.add(new PushedTags(repo, tags));
    }

    public static BuildResult failed(TagPlan plan, String variant, String error, BuildTimings timings,
                                     Instant startedAt, Instant finishedAt) {
        String message = error == null || error.isBlank() ? "the build failed without a message" : error;
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(plan.planId(), variant), plan.planId(),
                plan.eventId(), plan.repository(), plan.commit(), variant, BuildStatus.FAILED, null, null, null,
                null, null, 0, 0, message, timings, startedAt, finishedAt);
    }
}
