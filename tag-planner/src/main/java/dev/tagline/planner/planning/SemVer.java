package dev.tagline.planner.planning;

import dev.tagline.policy.conventional.Precedence;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version as node-semver's strict {@code valid()} accepts it: an optional leading
 * {@code v}, {@code MAJOR.MINOR.PATCH} without leading zeros, an optional {@code -prerelease} and
 * {@code +build}. {@link #version()} is the normalized form ({@code v1.2.3+build} gives {@code 1.2.3}).
 */
public record SemVer(String raw, long major, long minor, long patch, List<String> prerelease, List<String> build)
        implements Comparable<SemVer> {
    private static final String NUM = "0|[1-9]\\d*";
    private static final String PRE_ID = "(?:" + NUM + "|\\d*[a-zA-Z-][a-zA-Z0-9-]*)";
    private static final Pattern FULL = Pattern.compile("^v?(" + NUM + ")\\.(" + NUM + ")\\.(" + NUM + ")"
            + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
            + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");
    private static final BigInteger MAX_SAFE = BigInteger.valueOf(9007199254740991L);

    public SemVer {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("a version number is not negative: " + major + "." + minor + "." + patch);
        }
        prerelease = List.copyOf(prerelease);
        build = List.copyOf(build);
    }

    /** The version, or null when {@code input} is not a valid semantic version. */
    public static SemVer parseOrNull(String input) {
        if (input == null || input.length() > 256) {
            return null;
        }
        Matcher m = FULL.matcher(input.trim());
        if (!m.matches()) {
            return null;
        }
        long[] nums = new long[3];
        for (int i = 0; i < 3; i++) {
            BigInteger n = new BigInteger(m.group(i + 1));
            if (n.compareTo(MAX_SAFE) > 0) {
                return null;
            }
            nums[i] = n.longValue();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        for (String id : pre) {
            if (id.chars().allMatch(Character::isDigit) && new BigInteger(id).compareTo(MAX_SAFE) > 0) {
                return null;
            }
        }
        List<String> build = m.group(5) == null ? List.of() : List.of(m.group(5).split("\\."));
        return new SemVer(input, nums[0], nums[1], nums[2], pre, build);
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /** {@code 1.2.3} or {@code 1.2.3-rc.1} (no build metadata), as node-semver's {@code version}. */
    public String version() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + String.join(".", prerelease));
    }

    /** Semantic-versioning precedence (build metadata ignored). */
    @Override
    public int compareTo(SemVer o) {
        return new Precedence(major, minor, patch, prerelease).compareTo(new Precedence(o.major, o.minor, o.patch, o.prerelease));
    }

    /** Handlebars' rendering of node-semver's array fields ({@code [rc, 1]} is {@code rc,1}). */
    static String joined(List<String> ids) {
        return String.join(",", new ArrayList<>(ids));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SemVer s && compareTo(s) == 0 && s.build.equals(build);
    }

    @Override
    public int hashCode() {
        return version().hashCode();
    }

    @Override
    public String toString() {
        return version();
    }
}
