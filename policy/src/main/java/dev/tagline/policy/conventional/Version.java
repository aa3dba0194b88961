package dev.tagline.policy.conventional;

import dev.tagline.policy.autorelease.AutoRelease.Bump;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version: {@code MAJOR.MINOR.PATCH} or a prerelease {@code MAJOR.MINOR.PATCH-<id>.<n>}.
 *
 * @param preId prerelease identifier ({@code rc}), or null for a final version
 * @param preN  the prerelease number, 0 for a final version
 */
public record Version(long major, long minor, long patch, String preId, long preN) implements Comparable<Version> {
    private static final Pattern FORM = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+)\\.(0|[1-9]\\d*))?");

    public static Optional<Version> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Version(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                m.group(4), m.group(5) == null ? 0 : Long.parseLong(m.group(5))));
    }

    public static Version of(long major, long minor, long patch) {
        return new Version(major, minor, patch, null, 0);
    }

    public boolean isPrerelease() {
        return preId != null;
    }

    /** This version without its prerelease part. */
    public Version core() {
        return of(major, minor, patch);
    }

    public Version prerelease(String id, long n) {
        return new Version(major, minor, patch, id, n);
    }

    /** The next final version after this (final) one for a bump. */
    public Version bump(Bump bump) {
        return switch (bump) {
            case MAJOR -> of(major + 1, 0, 0);
            case MINOR -> of(major, minor + 1, 0);
            case PATCH -> of(major, minor, patch + 1);
            case NONE -> core();
        };
    }

    /** Semantic-versioning precedence: {@code 1.2.3-rc.2} before {@code 1.2.3-rc.10} before {@code 1.2.3}. */
    @Override
    public int compareTo(Version o) {
        return precedence().compareTo(o.precedence());
    }

    private Precedence precedence() {
        return new Precedence(major, minor, patch, preId == null ? List.of() : List.of(preId, Long.toString(preN)));
    }

    @Override
    public String toString() {
        String core = major + "." + minor + "." + patch;
        return preId == null ? core : core + "-" + preId + "." + preN;
    }
}
