package dev.tagline.builder.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;

/** Builds one variant of a plan; always returns its result (a failure is a FAILED result). */
@FunctionalInterface
public interface VariantBuild {
    BuildResult build(TagPlan plan, VariantPlan variant) throws InterruptedException;
}
