package dev.tagline.builder.verify;

import dev.tagline.builder.steps.TagKinds;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry must hold according to the log (pure): every tag points at the digest of the
 * SUCCEEDED build of the last plan (in log order) that lists it, unless a non-dry-run prune deleted
 * it after that plan, or a later retraction's {@code untag} took it off that plan's commit. The same
 * definition as the fault suite's "wrong" and "lost" (bench/FAULTS.md), with one rule of the builder's:
 * a plan with a variant that did not succeed moves none of its floating tags ({@link TagKinds}), so for
 * those the plan before it decides.
 */
public final class ExpectedTags {
    private ExpectedTags() {
    }

    /** A record with the time the broker stamped on it (log order across topics). */
    public record Stamped<T>(T value, long timestamp) {
    }

    /**
     * @param digest the digest the tag must point at; null when the deciding plan has no SUCCEEDED build
     * @param pruned deleted by a prune run after its last plan: absence is expected
     */
    public record Expectation(ImageRepository image, ImageTag tag, String planId, String variant, Digest digest, boolean pruned) {
    }

    public enum Verdict {
        /** The tag points where the log says. */
        OK,
        /** Pruned after its last plan, and gone. */
        PRUNED,
        /** The last plan listing the tag has no SUCCEEDED build (failed, or not built yet). */
        NOT_BUILT,
        /** Planned and built, but not in the registry. */
        MISSING,
        /** In the registry, pointing at another digest. */
        WRONG;

        public boolean ok() {
            return this == OK || this == PRUNED;
        }
    }

    /** @param plans in log order */
    public static List<Expectation> expected(List<Stamped<TagPlan>> plans, List<BuildResult> results, List<Stamped<PruneAudit>> audits) {
        Map<String, Digest> succeeded = new HashMap<>();
        Map<String, BuildStatus> status = new HashMap<>();
        for (BuildResult r : results) {
            status.put(r.planId() + "/" + r.variant(), r.status());
            if (r.status() == BuildStatus.SUCCEEDED && r.digest() != null) {
                succeeded.put(r.planId() + "/" + r.variant(), r.digest());
            }
        }
        Map<String, Expectation> byTag = new LinkedHashMap<>();
        Map<String, Long> plannedAt = new HashMap<>();
        Map<String, dev.tagline.schema.value.CommitSha> plannedCommit = new HashMap<>();
        for (Stamped<TagPlan> s : plans) {
            TagPlan p = s.value();
            boolean allFinal = p.variants().stream().allMatch(v -> status.containsKey(p.planId() + "/" + v.name()));
            boolean keepsFloating = allFinal && p.variants().stream()
                    .anyMatch(v -> status.get(p.planId() + "/" + v.name()) != BuildStatus.SUCCEEDED);
            for (VariantPlan v : p.variants()) {
                Digest digest = succeeded.get(p.planId() + "/" + v.name());
                for (ImageRepository image : v.images()) {
                    for (ImageTag tag : v.tags()) {
                        if (keepsFloating && !TagKinds.immutable(p, tag)) {
                            continue; // not moved by this plan: the earlier plan listing it decides
                        }
                        String key = image + ":" + tag.value();
                        byTag.remove(key); // the last plan decides, and orders the report
                        byTag.put(key, new Expectation(image, tag, p.planId(), v.name(), digest, false));
                        plannedAt.put(key, s.timestamp());
                        plannedCommit.put(key, p.commit());
                    }
                    if (v.untag() != null) {
                        // a retraction: its tags are expected gone where they were last planned on the retracted commit
                        for (ImageTag tag : v.untag().tags()) {
                            String key = image + ":" + tag.value();
                            if (v.untag().commit().equals(plannedCommit.get(key))) {
                                byTag.remove(key);
                            }
                        }
                    }
                }
            }
        }
        List<Expectation> out = new ArrayList<>();
        for (Map.Entry<String, Expectation> e : byTag.entrySet()) {
            Expectation x = e.getValue();
            long at = plannedAt.get(e.getKey());
            boolean pruned = audits.stream().anyMatch(a -> a.timestamp() >= at && deleted(a.value(), x));
            out.add(pruned ? new Expectation(x.image(), x.tag(), x.planId(), x.variant(), x.digest(), true) : x);
        }
        return out;
    }

    private static boolean deleted(PruneAudit a, Expectation x) {
        if (a.decision() != PruneDecision.DELETED || Boolean.TRUE.equals(a.dryRun()) || !a.image().equals(x.image())) {
            return false;
        }
        return a.tag() != null ? a.tag().equals(x.tag()) : a.digest().equals(x.digest());
    }

    /** @param actual the digest the registry resolves the tag to, empty when the tag is absent */
    public static Verdict judge(Expectation x, Optional<Digest> actual) {
        if (actual.isEmpty()) {
            return x.pruned() ? Verdict.PRUNED : x.digest() == null ? Verdict.NOT_BUILT : Verdict.MISSING;
        }
        if (x.digest() == null) {
            return Verdict.NOT_BUILT;
        }
        return actual.get().equals(x.digest()) ? Verdict.OK : Verdict.WRONG;
    }
}
