package dev.tagline.policy.conventional;

import dev.tagline.policy.autorelease.AutoRelease;
import dev.tagline.policy.autorelease.AutoRelease.Bump;
import dev.tagline.policy.autorelease.ReleaseBranch;
import dev.tagline.policy.autorelease.ReleaseBranch.Kind;
import dev.tagline.schema.event.CommitRange;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.value.CommitSha;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, purely, whether a push to a branch is released and under which version, from the policy's
 * {@code release:} section, the commits the push brought (newest first, back to the last final release
 * tag) and every release tag known (from the history and the commits' own tags).
 *
 * <ul>
 *   <li>The base is the newest final release tag reachable from the head (a tag pushed by hand in between
 *       is the base); the bump is the largest of the commits since it.</li>
 *   <li>A version is never tagged twice: a final release is above every known final version (after a
 *       force-push the old releases still count); a maintenance patch that is taken moves to the next
 *       patch; a prerelease takes the next free number of its series.</li>
 *   <li>A head that already carries a release tag of the branch's kind is released: nothing to do.</li>
 * </ul>
 */
public final class ReleaseDecider {
    private static final int MAX_STEPS = 1_000;

    private ReleaseDecider() {
    }

    /**
     * @param rules     the {@code release:} section
     * @param branch    the branch's short name ({@code main})
     * @param head      the pushed head
     * @param range     the commits of the push, newest first (the head first)
     * @param knownTags every release tag known, name -> commit (the planner's history); the range's tags are added
     */
    public static ReleaseOutcome decide(AutoRelease rules, String branch, CommitSha head, CommitRange range,
                                        Map<String, CommitSha> knownTags) {
        Optional<ReleaseBranch> found = rules.branch(branch);
        if (found.isEmpty()) {
            return new ReleaseOutcome.None("branch " + branch + " does not release");
        }
        ReleaseBranch rule = found.get();
        List<GitCommit> commits = range.commits();
        if (commits.isEmpty() || !commits.get(0).sha().equals(head)) {
            return new ReleaseOutcome.None("the event carries no commits up to " + head.shortSha(7));
        }
        Map<String, CommitSha> known = new LinkedHashMap<>(knownTags);
        for (GitCommit c : commits) {
            for (String t : c.tags()) {
                known.putIfAbsent(t, c.sha());
            }
        }
        for (Map.Entry<String, CommitSha> t : known.entrySet()) {
            Optional<Version> v = version(rules, t.getKey());
            if (t.getValue().equals(head) && v.isPresent() && ofKind(v.get(), rule)) {
                return new ReleaseOutcome.None("already released as " + t.getKey() + " at " + head.shortSha(7));
            }
        }
        int baseIndex = -1;
        String baseTag = null;
        Version base = null;
        int nearestIndex = -1;
        String nearestTag = null;
        for (int i = 0; i < commits.size() && baseIndex < 0; i++) {
            for (String t : commits.get(i).tags()) {
                Optional<Version> v = version(rules, t);
                if (v.isEmpty()) {
                    continue;
                }
                if (nearestIndex < 0 || nearestIndex == i && (nearestTag == null || v.get().compareTo(version(rules, nearestTag).orElseThrow()) > 0)) {
                    nearestIndex = i;
                    nearestTag = t;
                }
                if (!v.get().isPrerelease() && inRange(v.get(), rule) && (base == null || v.get().compareTo(base) > 0)) {
                    base = v.get();
                    baseTag = t;
                }
            }
            if (base != null) {
                baseIndex = i;
            }
        }
        if (base == null && range.truncated()) {
            return new ReleaseOutcome.Rejected("no release tag within the " + commits.size() + " commits read from " + head.shortSha(7)
                    + ": not deciding a version without its base");
        }
        List<ReleasableCommits.Entry> since = ReleasableCommits.of(commits.subList(0, baseIndex < 0 ? commits.size() : baseIndex),
                rules.skipMarker());
        Version initial = Version.parse(rules.initialVersion()).orElseThrow();
        boolean zeroMajor = (base == null ? initial : base).major() == 0;
        Bump bump = Bump.NONE;
        for (ReleasableCommits.Entry e : since) {
            Bump b = e.message().breaking() ? (zeroMajor ? Bump.MINOR : Bump.MAJOR) : rules.bumps().getOrDefault(e.message().type(), Bump.NONE);
            if (b.compareTo(bump) > 0) {
                bump = b;
            }
        }
        if (bump == Bump.NONE) {
            return new ReleaseOutcome.None("no releasable commits since " + (baseTag == null ? "the start" : baseTag));
        }
        Version next;
        switch (rule.kind()) {
            case FINAL -> {
                next = base == null ? initial : base.bump(bump);
                Version highest = highestFinal(rules, known);
                if (highest != null && highest.compareTo(next) >= 0) {
                    next = highest.bump(bump); // a rewritten branch never re-tags a released version
                }
            }
            case MAINTENANCE -> {
                if (base == null) {
                    return new ReleaseOutcome.Rejected("maintenance branch " + branch + " has no " + rule.range() + " release to start from");
                }
                next = base.bump(bump);
                for (int step = 0; taken(rules, known, next) && step < MAX_STEPS; step++) {
                    next = next.bump(Bump.PATCH);
                }
                if (!inRange(next, rule)) {
                    return new ReleaseOutcome.Rejected("a " + bump.name().toLowerCase() + " change on " + branch + " would release " + next
                            + ", outside " + rule.range());
                }
            }
            default -> {
                Version core = base == null ? initial : base.bump(bump);
                Version highest = highestFinal(rules, known);
                if (highest != null && highest.compareTo(core) >= 0) {
                    core = highest.bump(bump);
                }
                long n = 0;
                for (String t : known.keySet()) {
                    Optional<Version> v = version(rules, t);
                    if (v.isPresent() && v.get().isPrerelease() && v.get().core().equals(core) && v.get().preId().equals(rule.prerelease())) {
                        n = Math.max(n, v.get().preN());
                    }
                }
                next = core.prerelease(rule.prerelease(), n + 1);
            }
        }
        String tagName = rules.tagName(next.toString());
        CommitSha taken = known.get(tagName);
        if (taken != null) {
            return new ReleaseOutcome.Rejected(tagName + " is already taken at " + taken.shortSha(7));
        }
        // a prerelease's changelog is what changed since the previous tag of any kind; a release's, since the last release
        List<ReleasableCommits.Entry> shown = rule.kind() == Kind.PRERELEASE && nearestIndex >= 0
                ? ReleasableCommits.of(commits.subList(0, nearestIndex), rules.skipMarker()) : since;
        String previous = rule.kind() == Kind.PRERELEASE && nearestTag != null ? nearestTag : baseTag;
        return new ReleaseOutcome.Release(tagName, next, rule.kind(), previous, Changelog.render(tagName, shown));
    }

    private static Optional<Version> version(AutoRelease rules, String tag) {
        return rules.versionOf(tag).flatMap(Version::parse);
    }

    private static boolean ofKind(Version v, ReleaseBranch rule) {
        return switch (rule.kind()) {
            case FINAL -> !v.isPrerelease();
            case MAINTENANCE -> !v.isPrerelease() && inRange(v, rule);
            case PRERELEASE -> v.isPrerelease() && v.preId().equals(rule.prerelease());
        };
    }

    private static boolean inRange(Version v, ReleaseBranch rule) {
        if (rule.kind() != Kind.MAINTENANCE) {
            return true;
        }
        return v.major() == rule.rangeMajor() && (rule.rangeMinor() < 0 || v.minor() == rule.rangeMinor());
    }

    private static Version highestFinal(AutoRelease rules, Map<String, CommitSha> known) {
        Version highest = null;
        for (String t : known.keySet()) {
            Optional<Version> v = version(rules, t);
            if (v.isPresent() && !v.get().isPrerelease() && (highest == null || v.get().compareTo(highest) > 0)) {
                highest = v.get();
            }
        }
        return highest;
    }

    private static boolean taken(AutoRelease rules, Map<String, CommitSha> known, Version v) {
        return known.containsKey(rules.tagName(v.toString()));
    }
}
