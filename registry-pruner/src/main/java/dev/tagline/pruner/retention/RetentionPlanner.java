package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.pruner.retention.RegistrySnapshot.Tag;
import dev.tagline.pruner.retention.Selection.Reason;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The pure core of the pruner: (snapshot, policy, inventory, clock) -> one decision per tag and per
 * digest. The policy selects what may go; then the safety rules keep everything a kept tag, a
 * protected digest or a deployment still reaches (index children reference-counted across indexes,
 * nested indexes, referrers and attachment tags). Same input, same output.
 */
public final class RetentionPlanner {
    private RetentionPlanner() {
    }

    /** Plans with tagline's own retention policy. */
    public static RetentionPlan decide(RegistrySnapshot snapshot, RetentionPolicy policy, DeploymentInventory inventory, Clock clock) {
        return decide(snapshot, inventory, clock, (graph, now, warnings) -> TaglineSelector.select(graph, policy, now, warnings));
    }

    /** Plans with an AWS ECR lifecycle policy, evaluated with ECR's semantics, plus tagline's safety rules. */
    public static RetentionPlan decide(RegistrySnapshot snapshot, EcrLifecyclePolicy policy, DeploymentInventory inventory, Clock clock) {
        return decide(snapshot, inventory, clock, (graph, now, warnings) -> EcrSelector.select(graph, policy, now, warnings));
    }

    interface Selector {
        Selection select(RegistryGraph graph, Instant now, List<String> warnings);
    }

    static RetentionPlan decide(RegistrySnapshot snapshot, DeploymentInventory inventory, Clock clock, Selector selector) {
        List<Tag> unreadable = snapshot.tagsWithoutManifest();
        if (!unreadable.isEmpty()) {
            throw new IncompleteSnapshotException(snapshot.repository(), unreadable);
        }
        inventory = inventory == null ? DeploymentInventory.NONE : inventory;
        Instant now = clock.instant();
        RegistryGraph graph = new RegistryGraph(snapshot);
        List<String> warnings = new ArrayList<>(graph.missingChildren);
        Selection sel = selector.select(graph, now, warnings);

        // Roots in order of strength: the first reason a digest gets is the one reported.
        Map<Digest, Reason> roots = new LinkedHashMap<>();
        for (Digest d : inventory.digests()) {
            if (graph.manifests.containsKey(d)) {
                roots.putIfAbsent(d, new Reason("inventory", "running according to the deployment inventory (" + inventory.source() + ")"));
            }
        }
        sel.protectedDigests.forEach(roots::putIfAbsent);
        for (Tag t : snapshot.tags()) {
            Reason r = sel.keptTags.get(t.tag());
            if (r != null) {
                roots.putIfAbsent(t.digest(), new Reason(r.rule(), "carries tag " + t.tag() + " (" + r.text() + ")"));
            }
        }
        sel.retainedImages.forEach(roots::putIfAbsent);
        sel.keptUntagged.forEach(roots::putIfAbsent);

        Map<Digest, Reason> kept = closure(graph, roots);

        Set<Digest> deleted = new TreeSet<>(graph.manifests.keySet());
        deleted.removeAll(kept.keySet());
        List<List<Digest>> waves = graph.waves(deleted);
        List<Digest> deleteOrder = waves.stream().flatMap(List::stream).toList();

        List<PruneDecision> decisions = new ArrayList<>();
        List<ImageTag> deletedTags = new ArrayList<>();
        List<ImageTag> tagOnly = new ArrayList<>();
        List<ImageTag> remaining = new ArrayList<>();
        for (Tag t : snapshot.tags()) {
            PruneDecision d = decideTag(graph, sel, kept, deleted, t);
            decisions.add(d);
            if (d.deletes()) {
                deletedTags.add(t.tag());
                if (!deleted.contains(t.digest())) {
                    tagOnly.add(t.tag());
                }
            } else {
                remaining.add(t.tag());
            }
        }
        for (Digest d : graph.manifests.keySet()) {
            if (kept.containsKey(d)) {
                Reason r = kept.get(d);
                decisions.add(new PruneDecision(null, d, Verdict.KEPT, r.rule(), r.text()));
            } else {
                Reason r = deletionReason(graph, sel, d);
                decisions.add(new PruneDecision(null, d, Verdict.DELETED, r.rule(), r.text()));
            }
        }
        Set<Digest> keptBlobs = new TreeSet<>();
        kept.keySet().forEach(d -> keptBlobs.addAll(graph.manifests.get(d).blobs().keySet()));
        Map<Digest, Long> freedBlobs = new TreeMap<>();
        Map<Digest, Long> bytesByDigest = new TreeMap<>();
        boolean sizesKnown = false;
        for (Digest d : deleted) {
            Map<Digest, Long> blobs = graph.manifests.get(d).blobs();
            sizesKnown |= !blobs.isEmpty();
            long own = 0;
            for (Map.Entry<Digest, Long> b : blobs.entrySet()) {
                if (!keptBlobs.contains(b.getKey())) {
                    freedBlobs.put(b.getKey(), b.getValue());
                    own += b.getValue();
                }
            }
            if (!blobs.isEmpty()) {
                bytesByDigest.put(d, own);
            }
        }
        Long bytesFreed = sizesKnown ? freedBlobs.values().stream().mapToLong(Long::longValue).sum() : null;
        Map<Digest, Set<Digest>> dependents = new TreeMap<>();
        for (Digest d : deleted) {
            Set<Digest> below = new TreeSet<>(graph.edgesFrom(d));
            below.retainAll(deleted);
            if (!below.isEmpty()) {
                dependents.put(d, below);
            }
        }
        return new RetentionPlan(snapshot.repository(), deleteOrder, deletedTags, tagOnly, remaining, decisions,
                warnings.stream().distinct().toList(), deleted.isEmpty() ? Long.valueOf(0) : bytesFreed, bytesByDigest, waves, dependents);
    }

    /** Everything reachable from a root through index children and referrers is kept. */
    private static Map<Digest, Reason> closure(RegistryGraph graph, Map<Digest, Reason> roots) {
        Map<Digest, Reason> kept = new LinkedHashMap<>(roots);
        Deque<Digest> queue = new ArrayDeque<>(roots.keySet());
        while (!queue.isEmpty()) {
            Digest from = queue.poll();
            for (Digest child : graph.children.getOrDefault(from, Set.of())) {
                if (!kept.containsKey(child)) {
                    int refs = graph.parents.getOrDefault(child, Set.of()).size();
                    kept.put(child, new Reason("index-child", "child of kept index " + from + describeTags(graph, from)
                            + (refs > 1 ? " (referenced by " + refs + " indexes)" : "")));
                    queue.add(child);
                }
            }
            for (Digest ref : graph.referrers.getOrDefault(from, Set.of())) {
                if (!kept.containsKey(ref)) {
                    kept.put(ref, new Reason("referrer", "refers to kept " + from + describeTags(graph, from) + " (signature, SBOM or attestation)"));
                    queue.add(ref);
                }
            }
        }
        return kept;
    }

    private static PruneDecision decideTag(RegistryGraph graph, Selection sel, Map<Digest, Reason> kept, Set<Digest> deleted, Tag t) {
        Optional<Digest> orphanOf = graph.orphanSubject(t);
        if (orphanOf.isPresent()) {
            // its subject is gone: it goes with its target, unless something kept reaches that target
            return deleted.contains(t.digest())
                    ? new PruneDecision(t.tag(), t.digest(), Verdict.DELETED, "orphan-attachment",
                    "attachment of " + orphanOf.get() + ", which is not in the repository any more")
                    : new PruneDecision(t.tag(), t.digest(), Verdict.KEPT, "orphan-attachment",
                    "attachment of " + orphanOf.get() + ", which is gone, but its manifest is kept"
                    + (kept.containsKey(t.digest()) ? ": " + kept.get(t.digest()).text() : ""));
        }
        Optional<Digest> subject = graph.attachmentSubject(t);
        if (subject.isPresent()) {
            return kept.containsKey(subject.get())
                    ? new PruneDecision(t.tag(), t.digest(), Verdict.KEPT, "attachment", "attachment of kept " + subject.get())
                    : new PruneDecision(t.tag(), t.digest(), Verdict.DELETED, "attachment", "attachment of " + subject.get() + ", which is deleted");
        }
        Reason keptTag = sel.keptTags.get(t.tag());
        if (keptTag != null) {
            return new PruneDecision(t.tag(), t.digest(), Verdict.KEPT, keptTag.rule(), keptTag.text());
        }
        Reason retained = sel.retainedImages.get(t.digest());
        if (retained != null) {
            return new PruneDecision(t.tag(), t.digest(), Verdict.KEPT, retained.rule(), retained.text());
        }
        Reason expired = sel.expiredImages.getOrDefault(t.digest(), new Reason("candidate", "candidate tag"));
        if (deleted.contains(t.digest())) {
            return new PruneDecision(t.tag(), t.digest(), Verdict.DELETED, expired.rule(), expired.text());
        }
        // The shared-digest trap: the tag should go, its digest must stay.
        Reason why = kept.get(t.digest());
        if (graph.snapshot.tagDeletionSupported()) {
            return new PruneDecision(t.tag(), t.digest(), Verdict.DELETED, "shared-digest:tag-only",
                    expired.text() + "; its digest stays (" + why.text() + "), so only the tag is deleted");
        }
        return new PruneDecision(t.tag(), t.digest(), Verdict.SKIPPED, "shared-digest",
                "would be removed (" + expired.rule() + ") but its digest is kept: " + why.text()
                        + "; this registry cannot delete a tag without deleting its digest, so the tag stays");
    }

    private static Reason deletionReason(RegistryGraph graph, Selection sel, Digest d) {
        Reason expired = sel.expiredImages.get(d);
        if (expired != null) {
            return expired;
        }
        Set<Digest> parents = graph.parents.getOrDefault(d, Set.of());
        if (!parents.isEmpty()) {
            return new Reason("with-parent", "only referenced by deleted index(es) "
                    + parents.stream().map(Digest::toString).collect(Collectors.joining(", ")));
        }
        Digest subject = graph.subjectOf.get(d);
        if (subject != null) {
            return new Reason("with-subject", "refers to " + subject + ", which is deleted");
        }
        Digest gone = graph.orphanReferrers.get(d);
        if (gone != null) {
            return new Reason("orphan-referrer", "refers to " + gone + ", which is not in the repository any more");
        }
        for (Tag t : graph.tags(d)) {
            Optional<Digest> orphanOf = graph.orphanSubject(t);
            if (orphanOf.isPresent()) {
                return new Reason("orphan-attachment", "tagged " + t.tag().value() + ": an attachment of " + orphanOf.get()
                        + ", which is not in the repository any more");
            }
        }
        return new Reason("unreachable", "nothing kept reaches it");
    }

    private static String describeTags(RegistryGraph graph, Digest d) {
        List<Tag> tags = graph.tags(d);
        if (tags.isEmpty()) {
            return "";
        }
        return " (" + tags.stream().limit(3).map(t -> t.tag().value()).collect(Collectors.joining(", "))
                + (tags.size() > 3 ? ", ..." : "") + ")";
    }

}
