package dev.tagline.policy.conventional;

import dev.tagline.policy.autorelease.ReleaseBranch;

/** What {@link ReleaseDecider} decided for a push: a release, nothing to release, or a release the policy forbids. */
public sealed interface ReleaseOutcome {
    /**
     * Release {@code version} as {@code tagName} at the pushed head.
     *
     * @param previousTag the release tag the version was decided from, or null for the first release
     * @param changelog   Markdown
     */
    record Release(String tagName, Version version, ReleaseBranch.Kind kind, String previousTag, String changelog)
            implements ReleaseOutcome {
    }

    /** Nothing to release (not a releasing branch, no releasable commits, already released); {@code reason} says why. */
    record None(String reason) implements ReleaseOutcome {
    }

    /** The commits ask for a release the branch may not make (a major on a maintenance branch); reported, no tag. */
    record Rejected(String reason) implements ReleaseOutcome {
    }
}
