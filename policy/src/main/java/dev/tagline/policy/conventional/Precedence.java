package dev.tagline.policy.conventional;

import java.math.BigInteger;
import java.util.List;

/**
 * A version's place in semantic-versioning precedence (semver.org, item 11): {@code MAJOR.MINOR.PATCH}
 * numerically, a prerelease below its release, prerelease identifiers one by one (numbers numerically
 * and below words, words in ASCII order, a shorter list first when all else is equal). Build metadata
 * takes no part. Both the policy's release versions and the planner's semver tags order by it.
 *
 * @param prerelease the prerelease identifiers ({@code rc.1} is {@code [rc, 1]}), empty for a release
 */
public record Precedence(long major, long minor, long patch, List<String> prerelease) implements Comparable<Precedence> {
    @Override
    public int compareTo(Precedence o) {
        int c = Long.compare(major, o.major);
        if (c == 0) {
            c = Long.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
        }
        return comparePrerelease(prerelease, o.prerelease);
    }

    /** Precedence of two non-empty prerelease identifier lists. */
    public static int comparePrerelease(List<String> left, List<String> right) {
        for (int i = 0; ; i++) {
            if (i >= left.size() || i >= right.size()) {
                return Integer.compare(left.size(), right.size());
            }
            String a = left.get(i);
            String b = right.get(i);
            boolean an = a.chars().allMatch(Character::isDigit);
            boolean bn = b.chars().allMatch(Character::isDigit);
            int d;
            if (an && bn) {
                d = new BigInteger(a).compareTo(new BigInteger(b));
            } else if (an != bn) {
                d = an ? -1 : 1;
            } else {
                d = a.compareTo(b);
            }
            if (d != 0) {
                return d;
            }
        }
    }
}
