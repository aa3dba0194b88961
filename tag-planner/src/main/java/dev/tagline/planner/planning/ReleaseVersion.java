package dev.tagline.planner.planning;

import java.util.Objects;

/**
 * A release's version under the scheme of the rule that read it (semver, PEP 440 or a declared CalVer), so versions
 * can be ordered and grouped by major / minor for floating tags.
 */
public record ReleaseVersion(Scheme scheme, SemVer semver, Pep440 pep440, CalVer calver) implements Comparable<ReleaseVersion> {
    public enum Scheme { SEMVER, PEP440, CALVER }

    /** @param semver the version when the scheme is semver (else null); likewise {@code pep440} and {@code calver} */
    public ReleaseVersion {
        Object version = switch (scheme) {
            case SEMVER -> semver;
            case PEP440 -> pep440;
            case CALVER -> calver;
        };
        if (version == null) {
            throw new IllegalArgumentException("a " + scheme + " release version needs its " + scheme.name().toLowerCase(java.util.Locale.ROOT) + " value");
        }
    }

    static ReleaseVersion of(SemVer v) {
        return new ReleaseVersion(Scheme.SEMVER, v, null, null);
    }

    static ReleaseVersion of(Pep440 v) {
        return new ReleaseVersion(Scheme.PEP440, null, v, null);
    }

    static ReleaseVersion of(CalVer v) {
        return new ReleaseVersion(Scheme.CALVER, null, null, v);
    }

    /** Reads {@code text} in {@code scheme}; null when it is not a version there. */
    public static ReleaseVersion parse(Scheme scheme, String text) {
        if (scheme == Scheme.CALVER) {
            return of(CalVer.loose(text));
        }
        if (scheme == Scheme.SEMVER) {
            SemVer v = SemVer.parseOrNull(text);
            return v == null ? null : of(v);
        }
        Pep440 v = Pep440.parseOrNull(text);
        return v == null ? null : of(v);
    }

    /** Semver when {@code text} is one, else PEP 440, else null. */
    public static ReleaseVersion parseAny(String text) {
        ReleaseVersion v = parse(Scheme.SEMVER, text);
        return v != null ? v : parse(Scheme.PEP440, text);
    }

    /** {@code 1.2.3}, {@code 1.2.3-rc.1}, {@code 1.0.dev4}. */
    public String normalized() {
        return switch (scheme) {
            case SEMVER -> semver.version();
            case PEP440 -> pep440.normalized();
            case CALVER -> calver.version();
        };
    }

    public boolean isPrerelease() {
        return switch (scheme) {
            case SEMVER -> semver.isPrerelease();
            case PEP440 -> pep440.isPrereleaseLike();
            case CALVER -> calver.isPrerelease();
        };
    }

    /** The prerelease part ({@code rc.1}), empty for a final release. */
    public String prereleasePart() {
        if (scheme == Scheme.SEMVER) {
            return String.join(".", semver.prerelease());
        }
        if (scheme == Scheme.CALVER) {
            return calver.modifier();
        }
        // PEP 440: what follows the release segments (rc1, .post1, .dev4), without a leading dot
        String n = pep440.normalized();
        int i = 0;
        while (i < n.length() && (Character.isDigit(n.charAt(i)) || n.charAt(i) == '.' || n.charAt(i) == '!')) {
            i++;
        }
        return n.substring(i);
    }

    /** The first segment (calendar versions: by number, so {@code 05} and {@code 5} are one scope). */
    public String major() {
        return switch (scheme) {
            case SEMVER -> String.valueOf(semver.major());
            case PEP440 -> pep440.major();
            case CALVER -> calver.number(0);
        };
    }

    public String minor() {
        return switch (scheme) {
            case SEMVER -> String.valueOf(semver.minor());
            case PEP440 -> pep440.minor();
            case CALVER -> calver.number(1);
        };
    }

    /** Order within one scheme; a version of the other scheme is re-read in this one (unreadable sorts lowest). */
    @Override
    public int compareTo(ReleaseVersion o) {
        if (o.scheme != scheme && (scheme == Scheme.CALVER || o.scheme == Scheme.CALVER)) {
            // a calendar version against a plain one (a --history entry): both by their numbers
            return CalVer.loose(normalized()).compareTo(CalVer.loose(o.normalized()));
        }
        if (o.scheme != scheme) {
            ReleaseVersion same = parse(scheme, o.normalized());
            return same == null ? 1 : compareTo(same);
        }
        return switch (scheme) {
            case SEMVER -> semver.compareTo(o.semver);
            case PEP440 -> pep440.compareTo(o.pep440);
            case CALVER -> calver.compareTo(o.calver);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseVersion r && r.scheme == scheme && r.normalized().equals(normalized());
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, normalized());
    }

    @Override
    public String toString() {
        return normalized();
    }
}
