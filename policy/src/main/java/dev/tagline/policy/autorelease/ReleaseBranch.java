package dev.tagline.policy.autorelease;

import java.util.regex.Pattern;

/**
 * One releasing branch and how it releases.
 *
 * @param name       the branch's short name, or a glob ({@code release/*})
 * @param kind       final releases, prereleases, or a maintenance line
 * @param prerelease the prerelease identifier ({@code rc} gives {@code X.Y.Z-rc.N}); only for {@link Kind#PRERELEASE}
 * @param range      for {@link Kind#MAINTENANCE}: {@code 1.x} (minors and patches of 1) or {@code 1.2.x} (patches of 1.2)
 */
public record ReleaseBranch(String name, Kind kind, String prerelease, String range) {
    /** What a branch releases. */
    public enum Kind {
        /** Final versions; they may take {@code latest}. */
        FINAL,
        /** {@code X.Y.Z-<id>.N}: never {@code latest}. */
        PRERELEASE,
        /** Patches (and minors for {@code N.x}) within one line; never {@code latest}, never a major. */
        MAINTENANCE
    }

    private static final Pattern RANGE = Pattern.compile("(\\d+)\\.(?:(\\d+)\\.)?x");

    public ReleaseBranch {
        if (kind == Kind.PRERELEASE && (prerelease == null || !prerelease.matches("[0-9A-Za-z-]+"))) {
            throw new IllegalArgumentException("a prerelease branch needs a prerelease identifier such as rc");
        }
        if (kind == Kind.MAINTENANCE && (range == null || !RANGE.matcher(range).matches())) {
            throw new IllegalArgumentException("a maintenance branch needs a range such as 1.x or 1.2.x");
        }
    }

    public boolean matches(String shortName) {
        if (!name.contains("*")) {
            return name.equals(shortName);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : name.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return shortName.matches(regex.toString());
    }

    /** The major a maintenance range allows. */
    public long rangeMajor() {
        var m = RANGE.matcher(range);
        m.matches();
        return Long.parseLong(m.group(1));
    }

    /** The minor a {@code N.M.x} range allows, or -1 for {@code N.x}. */
    public long rangeMinor() {
        var m = RANGE.matcher(range);
        m.matches();
        return m.group(2) == null ? -1 : Long.parseLong(m.group(2));
    }

    /** The range a maintenance branch's name implies ({@code release/1.x} -> {@code 1.x}), or null. */
    static String rangeFromName(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return RANGE.matcher(last).matches() ? last : null;
    }
}
