package dev.tagline.planner.planning;

import dev.tagline.schema.value.CommitSha;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The releases of one repository so far, derived only from its ref events (folded by
 * {@link TagPlanner}), so replaying the ref-event log rebuilds it exactly. Immutable.
 */
public record ReleaseHistory(List<Release> releases) {
    /**
     * One released version tag.
     *
     * @param variants the variants built for it; empty means every variant
     * @param commit   null when unknown (a history given to the command line as versions only)
     */
    public record Release(String tag, ReleaseVersion version, CommitSha commit, Instant commitTime, Set<String> variants) {
        public Release {
            variants = Set.copyOf(variants);
        }

        boolean has(String variant) {
            return variants.isEmpty() || variants.contains(variant);
        }
    }

    private static final ReleaseHistory EMPTY = new ReleaseHistory(List.of());

    public ReleaseHistory {
        releases = List.copyOf(releases);
    }

    public static ReleaseHistory empty() {
        return EMPTY;
    }

    /**
     * A history of plain versions ({@code ["1.2.0", "1.1.0"]}), released for every variant, commits unknown.
     *
     * @throws IllegalArgumentException naming a string that is no version
     */
    public static ReleaseHistory ofVersions(List<String> versions) {
        List<Release> out = new ArrayList<>();
        for (String v : versions) {
            ReleaseVersion parsed = ReleaseVersion.parseAny(v);
            if (parsed == null) {
                throw new IllegalArgumentException("'" + v + "' is not a semantic or PEP 440 version");
            }
            out.add(new Release(v, parsed, null, null, Set.of()));
        }
        return new ReleaseHistory(out);
    }

    public Optional<Release> byTag(String tag) {
        return releases.stream().filter(r -> r.tag().equals(tag)).findFirst();
    }

    /** This history with {@code release} added (replacing an earlier release of the same tag, e.g. a moved tag). */
    public ReleaseHistory with(Release release) {
        List<Release> out = new ArrayList<>(releases.size() + 1);
        for (Release r : releases) {
            if (!r.tag().equals(release.tag())) {
                out.add(r);
            }
        }
        out.add(release);
        return new ReleaseHistory(out);
    }

    public ReleaseHistory without(String tag) {
        return new ReleaseHistory(releases.stream().filter(r -> !r.tag().equals(tag)).toList());
    }

    /** True when no final release of {@code variant} in {@code version}'s scope is higher than {@code version}. */
    boolean isHighest(ReleaseVersion version, Scope scope, String variant) {
        return highest(version, scope, variant).map(h -> h.version().compareTo(version) <= 0).orElse(true);
    }

    /** The highest final release of {@code variant} in the same scope as {@code version} ({@code MAJOR}: same major, ...). */
    Optional<Release> highest(ReleaseVersion version, Scope scope, String variant) {
        Release best = null;
        for (Release r : releases) {
            if (!r.has(variant) || r.version().isPrerelease() || !inScope(r.version(), version, scope)) {
                continue;
            }
            if (best == null || r.version().compareTo(best.version()) > 0) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The highest prerelease of {@code variant} accepted by {@code sameChannel}. */
    Optional<Release> highestPrerelease(java.util.function.Predicate<ReleaseVersion> sameChannel, String variant) {
        Release best = null;
        for (Release r : releases) {
            if (r.has(variant) && r.version().isPrerelease() && sameChannel.test(r.version())
                    && (best == null || r.version().compareTo(best.version()) > 0)) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** True when no prerelease of {@code variant} accepted by {@code sameChannel} is higher than {@code version}. */
    boolean isHighestPrerelease(ReleaseVersion version, java.util.function.Predicate<ReleaseVersion> sameChannel, String variant) {
        for (Release r : releases) {
            if (r.has(variant) && r.version().isPrerelease() && sameChannel.test(r.version()) && r.version().compareTo(version) > 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean inScope(ReleaseVersion candidate, ReleaseVersion reference, Scope scope) {
        ReleaseVersion c = candidate.scheme() == reference.scheme() ? candidate : ReleaseVersion.parse(reference.scheme(), candidate.normalized());
        if (c == null) {
            return false;
        }
        return switch (scope) {
            case GLOBAL -> true;
            case MAJOR -> c.major().equals(reference.major());
            case MINOR -> c.major().equals(reference.major()) && c.minor().equals(reference.minor());
            case EXACT -> c.normalized().equals(reference.normalized());
        };
    }

    @Override
    public String toString() {
        return releases.stream().map(r -> r.tag() + "=" + r.version()).toList().toString();
    }
}
