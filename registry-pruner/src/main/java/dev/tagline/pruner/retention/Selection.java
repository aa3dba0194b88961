package dev.tagline.pruner.retention;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

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
}
