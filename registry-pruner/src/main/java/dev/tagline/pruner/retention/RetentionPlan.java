package dev.tagline.pruner.retention;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.util.List;
import java.util.Map;

/**
 * The dry-run output: every decision, and what would change.
 *
 * @param deletedDigests digests to delete, parents before children (an index before its platform
 *                       manifests, a subject before its referrers)
 * @param deletedTags    tags that disappear: with their digest, or alone where the registry can delete a tag
 * @param tagOnlyDeletions the subset of deletedTags removed without their digest
 * @param remainingTags  tags still there afterwards
 * @param warnings       what the planner tolerated and wants a human to know (partial indexes, ages from config)
 * @param bytesFreed     bytes of config and layer blobs only the deleted manifests use (freed at the registry's
 *                       next garbage collection); null when the snapshot has no blob sizes
 * @param bytesByDigest  per deleted image manifest, the bytes of its blobs no kept manifest uses
 * @param deletionWaves  deletedDigests in waves: nothing in a wave references anything in the same or a later
 *                       wave, so a wave can be deleted concurrently once the earlier ones are done
 * @param dependents     per deleted digest, the deleted digests that hang off it in the snapshot: index children,
 *                       referrers (OCI {@code subject}) and the targets of its attachment tags ({@code sha256-<hex>},
 *                       {@code sha256-<hex>.sig/.att/.sbom}); when its delete is skipped, none of them may go
 */
public record RetentionPlan(
        String repository,
        List<Digest> deletedDigests,
        List<ImageTag> deletedTags,
        List<ImageTag> tagOnlyDeletions,
        List<ImageTag> remainingTags,
        List<PruneDecision> decisions,
        List<String> warnings,
        Long bytesFreed,
        Map<Digest, Long> bytesByDigest,
        List<List<Digest>> deletionWaves,
        Map<Digest, java.util.Set<Digest>> dependents) {

    public RetentionPlan(String repository, List<Digest> deletedDigests, List<ImageTag> deletedTags, List<ImageTag> tagOnlyDeletions,
                         List<ImageTag> remainingTags, List<PruneDecision> decisions, List<String> warnings, Long bytesFreed,
                         Map<Digest, Long> bytesByDigest, List<List<Digest>> deletionWaves) {
        this(repository, deletedDigests, deletedTags, tagOnlyDeletions, remainingTags, decisions, warnings, bytesFreed, bytesByDigest,
                deletionWaves, Map.of());
    }

    public RetentionPlan {
        deletedDigests = List.copyOf(deletedDigests);
        deletedTags = List.copyOf(deletedTags);
        tagOnlyDeletions = List.copyOf(tagOnlyDeletions);
        remainingTags = List.copyOf(remainingTags);
        decisions = List.copyOf(decisions);
        warnings = List.copyOf(warnings);
        bytesByDigest = bytesByDigest == null ? Map.of() : Map.copyOf(bytesByDigest);
        deletionWaves = deletionWaves == null ? List.of(deletedDigests) : deletionWaves.stream().map(List::copyOf).toList();
        dependents = dependents == null ? Map.of() : dependents.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> java.util.Set.copyOf(e.getValue())));
    }

    public List<PruneDecision> tagDecisions() {
        return decisions.stream().filter(PruneDecision::isTag).toList();
    }

    public List<PruneDecision> digestDecisions() {
        return decisions.stream().filter(d -> !d.isTag()).toList();
    }

    public PruneDecision decisionFor(ImageTag tag) {
        return decisions.stream().filter(d -> tag.equals(d.tag())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no decision for tag " + tag));
    }

    public PruneDecision decisionFor(Digest digest) {
        return decisions.stream().filter(d -> !d.isTag() && d.digest().equals(digest)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no decision for digest " + digest));
    }
}
