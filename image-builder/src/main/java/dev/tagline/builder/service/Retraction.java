package dev.tagline.builder.service;

import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.builder.steps.UntagStep;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A retraction's part of a variant: the plan's {@code untag} applied to every image of the variant
 * (after its own tags were pushed, so a floating tag moves before the retracted image loses its last
 * tags), and the result of a variant that only removes tags.
 */
final class Retraction {
    private Retraction() {
    }

    /** The tags removed, per image; empty when the variant removes none. */
    static List<PushedTags> apply(UntagStep step, TagPlan plan, VariantPlan variant) throws BuildFailure {
        if (variant.untag() == null) {
            return List.of();
        }
        List<PushedTags> removed = new ArrayList<>();
        for (ImageRepository repo : variant.images()) {
            List<ImageTag> tags = step.remove(repo, variant.untag(), plan.planId() + "/" + variant.name());
            if (!tags.isEmpty()) {
                removed.add(new PushedTags(repo, tags));
            }
        }
        return removed;
    }

    /** The result of a variant with nothing to push: no digest, no tag written, only {@code tagsRemoved}. */
    static BuildResult untagOnly(TagPlan plan, VariantPlan variant, List<PushedTags> removed, BuildTimings timings, Instant startedAt,
                                 Instant finishedAt) {
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(plan.planId(), variant.name()), plan.planId(),
                plan.eventId(), plan.repository(), plan.commit(), variant.name(), BuildStatus.SUCCEEDED, null, null, List.of(), List.of(),
                List.of(), 0, 0, null, timings, startedAt, finishedAt).with(false, removed);
    }
}
