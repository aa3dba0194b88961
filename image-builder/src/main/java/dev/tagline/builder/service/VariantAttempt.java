package dev.tagline.builder.service;

import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.schema.event.BuildResult;

/** One attempt at a variant: a final result (SUCCEEDED or permanently FAILED), or a transient failure to retry. */
public record VariantAttempt(BuildResult result, BuildFailure transientFailure) {
    public VariantAttempt {
        if ((result == null) == (transientFailure == null)) {
            throw new IllegalArgumentException("exactly one of result and transientFailure");
        }
    }

    public static VariantAttempt done(BuildResult result) {
        return new VariantAttempt(result, null);
    }

    public static VariantAttempt retry(BuildFailure failure) {
        return new VariantAttempt(null, failure);
    }
}
