package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.TagPattern;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.pruner.retention.RegistrySnapshot.Tag;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a policy (tagline's or an ECR lifecycle policy) says before the safety rules: which tags it
 * never removes, which tags are removable, which candidate images it keeps and which it lets expire.
 * The planner then adds inventory, protected digests and reachability on top.
 */
final class Selection {
    record Reason(String rule, String text) {
    }

    /** Tags that are never removed (they keep their digest alive). */
    final Map<ImageTag, Reason> keptTags = new LinkedHashMap<>();
    /** Tags the policy may remove when their image expires. */
    final TreeSet<ImageTag> removableTags = new TreeSet<>();
    /** Candidate images (tagged or untagged) the policy keeps. */
    final Map<Digest, Reason> retainedImages = new LinkedHashMap<>();
    /** Candidate images the policy lets go. */
    final Map<Digest, Reason> expiredImages = new LinkedHashMap<>();
    /** Untagged top-level manifests that are not candidates at all. */
    final Map<Digest, Reason> keptUntagged = new LinkedHashMap<>();
    /** Digests that must be kept whatever else happens (policy-level protected digests). */
    final Map<Digest, Reason> protectedDigests = new LinkedHashMap<>();

    /**
     * The part tagline's selectors share: the policy's protected digests, then each tag (attachment tags
     * aside) kept as protected, kept by a keep pattern, kept as no candidate ({@code notCandidate} names
     * why), or removable. Returns the removable tags by digest.
     */
    static Map<Digest, List<Tag>> classifyTags(Selection s, RegistryGraph graph, RetentionPolicy policy, Predicate<String> candidate,
                                               String notCandidate) {
        for (Digest d : policy.protectedDigests()) {
            if (graph.manifests.containsKey(d)) {
                s.protectedDigests.put(d, new Reason("protected-digest", "listed in the policy's protected digests"));
            }
        }
        Map<Digest, List<Tag>> candidateTags = new TreeMap<>();
        for (Tag t : graph.snapshot.tags()) {
            if (graph.isAttachmentTag(t)) {
                continue;
            }
            String name = t.tag().value();
            Optional<TagPattern> keepGlob = policy.keepPatternFor(name);
            if (policy.protectedTags().contains(t.tag())) {
                s.keptTags.put(t.tag(), new Reason("protected-tag", "tag " + name + " is protected by the policy"));
            } else if (keepGlob.isPresent()) {
                s.keptTags.put(t.tag(), new Reason("keep-pattern:" + keepGlob.get(), "tag " + name + " matches keep pattern '" + keepGlob.get() + "'"));
            } else if (!candidate.test(name)) {
                s.keptTags.put(t.tag(), new Reason("not-candidate", "tag " + name + " " + notCandidate));
            } else {
                s.removableTags.add(t.tag());
                candidateTags.computeIfAbsent(t.digest(), d -> new ArrayList<>()).add(t);
            }
        }
        return candidateTags;
    }
}
