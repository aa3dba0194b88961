package dev.tagline.policy.retention;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * tagline's retention rules for one image repository ("select, then keep").
 *
 * <ul>
 *   <li>{@code candidates}: only tags matching one of these globs can ever be removed;</li>
 *   <li>{@code keep}: tags matching one of these globs are never removed (even if also candidates);</li>
 *   <li>{@code protectedTags} / {@code protectedDigests}: never removed, and keep what they reach;</li>
 *   <li>{@code keepLast}: keep the N newest candidate images (distinct digests, not tags);</li>
 *   <li>{@code keepWithin}: keep candidate images pushed or re-tagged within this duration;</li>
 *   <li>{@code countMode}: whether {@code keepLast} counts among all candidates
 *       ({@link CountMode#ALL}) or comes on top of the images the age window keeps
 *       ({@link CountMode#BEYOND_WINDOW});</li>
 *   <li>{@code gracePeriod}: nothing pushed or re-tagged within it is touched (in-flight pushes);</li>
 *   <li>{@code untagged}: whether untagged top-level manifests are candidates too;</li>
 *   <li>{@code rules}: a rule list ({@link RetentionRule}); when given, it decides instead of
 *       candidates/keepLast/keepWithin (protected tags and digests, keep patterns and grace still apply).</li>
 * </ul>
 */
public record RetentionPolicy(
        List<TagPattern> candidates,
        List<TagPattern> keep,
        Set<ImageTag> protectedTags,
        Set<Digest> protectedDigests,
        Optional<Integer> keepLast,
        Optional<Duration> keepWithin,
        CountMode countMode,
        Duration gracePeriod,
        boolean untagged,
        List<CountRule> keepLastPerPattern,
        List<RetentionRule> rules) {

    /**
     * Keep the {@code count} newest candidate images that carry a removable tag matching {@code pattern}
     * (the tag-planner's {@code retention.keepLast: [{pattern, count}]}).
     */
    public record CountRule(TagPattern pattern, int count) {
        public CountRule {
            if (count < 0) {
                throw new InvalidPolicyException("retention.keepLast", "count must be 0 or more, got " + count);
            }
        }

        public String id() {
            return "keep-last:" + count + ":" + pattern.text();
        }
    }

    public RetentionPolicy(List<TagPattern> candidates, List<TagPattern> keep, Set<ImageTag> protectedTags, Set<Digest> protectedDigests,
                           Optional<Integer> keepLast, Optional<Duration> keepWithin, CountMode countMode, Duration gracePeriod, boolean untagged,
                           List<CountRule> keepLastPerPattern) {
        this(candidates, keep, protectedTags, protectedDigests, keepLast, keepWithin, countMode, gracePeriod, untagged, keepLastPerPattern, List.of());
    }

    public RetentionPolicy(List<TagPattern> candidates, List<TagPattern> keep, Set<ImageTag> protectedTags, Set<Digest> protectedDigests,
                           Optional<Integer> keepLast, Optional<Duration> keepWithin, CountMode countMode, Duration gracePeriod, boolean untagged) {
        this(candidates, keep, protectedTags, protectedDigests, keepLast, keepWithin, countMode, gracePeriod, untagged, List.of());
    }

    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    public enum CountMode {
        /** keep = the N newest candidate images ∪ those within the window. */
        ALL,
        /** keep = those within the window ∪ the N newest of the candidate images older than the window. */
        BEYOND_WINDOW
    }

    public RetentionPolicy {
        candidates = List.copyOf(candidates);
        keep = List.copyOf(keep);
        protectedTags = Set.copyOf(protectedTags);
        protectedDigests = Set.copyOf(protectedDigests);
        keepLast = keepLast == null ? Optional.empty() : keepLast;
        keepWithin = keepWithin == null ? Optional.empty() : keepWithin;
        countMode = countMode == null ? CountMode.ALL : countMode;
        gracePeriod = gracePeriod == null ? DEFAULT_GRACE : gracePeriod;
        keepLastPerPattern = keepLastPerPattern == null ? List.of() : List.copyOf(keepLastPerPattern);
        rules = rules == null ? List.of() : List.copyOf(rules);
        if (keepLast.isPresent() && keepLast.get() < 0) {
            throw new InvalidPolicyException("retention.keepLast", "must be 0 or more, got " + keepLast.get());
        }
        if (keepWithin.isPresent() && keepWithin.get().isNegative()) {
            throw new InvalidPolicyException("retention.keepWithin", "must not be negative");
        }
        if (gracePeriod.isNegative()) {
            throw new InvalidPolicyException("retention.gracePeriod", "must not be negative");
        }
    }

    /** This policy with more candidate patterns (e.g. {@code pr-42} when pull request 42 closed). */
    public RetentionPolicy withExtraCandidates(List<String> globs) {
        List<TagPattern> all = new java.util.ArrayList<>(candidates);
        globs.stream().map(Glob::parse).filter(g -> !all.contains(g)).forEach(all::add);
        List<RetentionRule> withPr = new java.util.ArrayList<>(rules);
        if (!rules.isEmpty() && !globs.isEmpty()) {
            // a closed pull request: its tags go with a delete rule of their own (keep rules still apply)
            withPr.add(new RetentionRule(rules.size() + 1, false, globs.stream().map(g -> (TagPattern) Glob.parse(g)).toList(),
                    false, null, null, null, false));
        }
        return new RetentionPolicy(all, keep, protectedTags, protectedDigests, keepLast, keepWithin, countMode, gracePeriod, untagged,
                keepLastPerPattern, withPr);
    }

    /** A builder for tests and code: start from "nothing is a candidate". */
    public static Builder builder() {
        return new Builder();
    }

    public Optional<TagPattern> keepPatternFor(String tag) {
        return keep.stream().filter(g -> g.matches(tag)).findFirst();
    }

    public Optional<TagPattern> candidatePatternFor(String tag) {
        return candidates.stream().filter(g -> g.matches(tag)).findFirst();
    }

    /** The rule id used when a candidate image falls outside every keep rule. */
    public String expiryRule() {
        if (keepLast.isEmpty() && keepWithin.isEmpty() && keepLastPerPattern.isEmpty()) {
            return "candidate";
        }
        StringBuilder s = new StringBuilder();
        keepLast.ifPresent(n -> s.append("keep-last:").append(n));
        keepLastPerPattern.forEach(r -> s.append(s.length() > 0 ? "," : "").append(r.id()));
        keepWithin.ifPresent(d -> s.append(s.length() > 0 ? "," : "").append("keep-within:").append(Durations.format(d)));
        return s.toString();
    }

    public static final class Builder {
        private List<TagPattern> candidates = List.of();
        private List<TagPattern> keep = List.of();
        private List<CountRule> perPattern = List.of();
        private Set<ImageTag> protectedTags = Set.of();
        private Set<Digest> protectedDigests = Set.of();
        private Integer keepLast;
        private Duration keepWithin;
        private CountMode countMode = CountMode.ALL;
        private Duration gracePeriod = DEFAULT_GRACE;
        private boolean untagged;
        private List<RetentionRule> rules = List.of();

        public Builder rules(RetentionRule... r) {
            rules = List.of(r);
            return this;
        }

        public Builder candidates(String... globs) {
            candidates = java.util.Arrays.stream(globs).map(g -> (TagPattern) Glob.parse(g)).toList();
            return this;
        }

        public Builder keep(String... globs) {
            keep = java.util.Arrays.stream(globs).map(g -> (TagPattern) Glob.parse(g)).toList();
            return this;
        }

        public Builder protectedTags(String... tags) {
            protectedTags = java.util.Arrays.stream(tags).map(ImageTag::parse).collect(java.util.stream.Collectors.toSet());
            return this;
        }

        public Builder protectedDigests(Digest... digests) {
            protectedDigests = Set.of(digests);
            return this;
        }

        public Builder keepLastPerPattern(CountRule... rules) {
            perPattern = List.of(rules);
            return this;
        }

        public Builder keepLast(Integer n) {
            keepLast = n;
            return this;
        }

        public Builder keepWithin(Duration d) {
            keepWithin = d;
            return this;
        }

        public Builder countMode(CountMode mode) {
            countMode = mode;
            return this;
        }

        public Builder gracePeriod(Duration d) {
            gracePeriod = d;
            return this;
        }

        public Builder untagged(boolean u) {
            untagged = u;
            return this;
        }

        public RetentionPolicy build() {
            return new RetentionPolicy(candidates, keep, protectedTags, protectedDigests,
                    Optional.ofNullable(keepLast), Optional.ofNullable(keepWithin), countMode, gracePeriod, untagged, perPattern, rules);
        }
    }
}
