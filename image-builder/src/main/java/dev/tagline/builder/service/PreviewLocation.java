package dev.tagline.builder.service;

import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.ImageRepository;

/**
 * Untrusted code goes to preview repositories only: before anything is fetched, built or pushed, every
 * target repository of an untrusted plan's variant must end with the plan's preview suffix. The planner
 * writes them so; this keeps a planner bug (or a plan written by hand) from putting a pull request's
 * image next to the releases.
 */
final class PreviewLocation {
    private PreviewLocation() {
    }

    static void check(TagPlan plan, VariantPlan variant) throws BuildFailure {
        if (plan.trusted()) {
            return;
        }
        String suffix = plan.trust() == null ? null : plan.trust().previewSuffix();
        if (suffix == null) {
            throw BuildFailure.permanent(BuildFailure.Stage.RECIPE, "untrusted code (" + plan.ref()
                    + ") without a preview location in its plan (TagPlan.trust): not built, not pushed");
        }
        for (ImageRepository repo : variant.images()) {
            if (!repo.name().endsWith(suffix)) {
                throw BuildFailure.permanent(BuildFailure.Stage.RECIPE, "untrusted code (" + plan.trust().reason() + ") may only go to "
                        + "preview repositories (name ending in '" + suffix + "'), not " + repo + ": not built, not pushed");
            }
        }
    }
}
