package dev.tagline.planner.policy;

import java.time.Duration;
import java.util.List;

/**
 * Retention rules for registry-pruner, validated here so a bad policy fails at load. A tag is kept
 * when any rule keeps it; everything else may be pruned.
 *
 * @param keepLast        per pattern (a regex over tag names), keep the newest {@code count} tags
 * @param keepYoungerThan keep everything pushed less than this long ago (null: no such rule)
 * @param keepReleases    keep every tag a release produced (a version tag and its floating tags)
 * @param protect         regexes of tags never deleted ({@code latest}, {@code stable})
 * @param protectDigests  image digests never deleted
 */
public record RetentionSpec(List<KeepLast> keepLast, Duration keepYoungerThan, boolean keepReleases, List<String> protect,
                            List<String> protectDigests) {
    public static final RetentionSpec NONE = new RetentionSpec(List.of(), null, true, List.of(), List.of());

    public RetentionSpec {
        keepLast = List.copyOf(keepLast);
        protect = List.copyOf(protect);
        protectDigests = List.copyOf(protectDigests);
    }

    public record KeepLast(String pattern, int count) {
    }
}
