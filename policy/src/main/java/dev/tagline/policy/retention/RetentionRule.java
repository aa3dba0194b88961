package dev.tagline.policy.retention;

import dev.tagline.policy.InvalidPolicyException;

import java.time.Duration;
import java.util.List;

/**
 * One rule of a rule list ({@code retention.rules}), Harbor/Artifact Registry style: a selector (tag
 * globs, regexes, or untagged manifests) and a condition. A {@code keep} rule keeps the images it
 * selects that meet its condition; a {@code delete} rule lets go the images it selects that meet its
 * condition. Keep beats delete. Without a condition a rule applies to everything it selects.
 *
 * @param index      position in the list, from 1 (the rule id is {@code keep-rule:<index>} / {@code delete-rule:<index>})
 * @param keep       true: a keep rule; false: a delete rule
 * @param tags       tag patterns (globs or regexes); empty with {@code untagged}
 * @param untagged   selects untagged top-level manifests
 * @param last       keep rule: the N newest selected; delete rule: all but the N newest
 * @param olderThan  only images older than this (pushed or re-tagged longer ago)
 * @param newerThan  only images newer than this
 * @param countTags  count {@code last} in tags, not images (zot's model): an image is among the N newest
 *                   when one of its selected tags is
 */
public record RetentionRule(int index, boolean keep, List<TagPattern> tags, boolean untagged, Integer last,
                            Duration olderThan, Duration newerThan, boolean countTags) {
    public RetentionRule {
        tags = List.copyOf(tags);
        if (tags.isEmpty() && !untagged) {
            throw new InvalidPolicyException("retention.rules[" + (index - 1) + "]", "selects nothing: give tags, regex or untagged: true");
        }
        if (last != null && last < 0) {
            throw new InvalidPolicyException("retention.rules[" + (index - 1) + "].last", "must be 0 or more");
        }
    }

    public String id() {
        return (keep ? "keep-rule:" : "delete-rule:") + index;
    }

    public boolean selects(String tag) {
        return tags.stream().anyMatch(p -> p.matches(tag));
    }

    /** Whether an image of this age and rank (1 = newest among those the rule selects) meets the condition. */
    public boolean holds(Duration age, int rank) {
        boolean lastOk = last == null || (keep ? rank <= last : rank > last);
        boolean olderOk = olderThan == null || age.compareTo(olderThan) > 0;
        boolean newerOk = newerThan == null || age.compareTo(newerThan) <= 0;
        return lastOk && olderOk && newerOk;
    }

    public String describe() {
        StringBuilder s = new StringBuilder(keep ? "keep " : "delete ");
        s.append(untagged ? "untagged manifests" : "images tagged " + tags.stream().map(TagPattern::text).toList());
        if (last != null) {
            s.append(keep ? ", the " + last + " newest" : ", beyond the " + last + " newest").append(countTags ? " tags" : "");
        }
        if (olderThan != null) {
            s.append(", older than ").append(Durations.format(olderThan));
        }
        if (newerThan != null) {
            s.append(", newer than ").append(Durations.format(newerThan));
        }
        return "rule " + index + " (" + s + ")";
    }
}
