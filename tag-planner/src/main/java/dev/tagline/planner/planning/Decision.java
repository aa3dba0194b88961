package dev.tagline.planner.planning;

import dev.tagline.policy.release.VariantSpec;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the planner decided for one event: the tags per variant (image names as the policy spells
 * them), or why nothing is built; and the release history after the event.
 *
 * @param version     metadata-action's version output (the default variant's main tag), "" when none
 * @param release     the release version the event carries (normalized), or null
 * @param channel     the channel, or null
 * @param ref         the ref to build (a retraction builds the previous release's tag)
 * @param commit      the commit to build (null when nothing is built)
 * @param skipReason  null when something is built
 * @param labels      metadata-action's labels output for the default variant (version = the main tag), also when
 *                    nothing is built; what goes into each image is {@link Variant#labels()}. When something is built,
 *                    only the public {@code TagPlanner.decide} fills it ({@code plan} and {@code fold} never read it)
 * @param history     the release history after this event
 * @param untagCommit a retraction: the retracted release's commit, whose image the variants' {@code untag} tags leave; else null
 */
public record Decision(String version, String release, String channel, GitRef ref, CommitSha commit, Instant commitTime,
                       List<Variant> variants, String skipReason, Map<String, String> labels, ReleaseHistory history,
                       CommitSha untagCommit) {

    public Decision(String version, String release, String channel, GitRef ref, CommitSha commit, Instant commitTime,
                    List<Variant> variants, String skipReason, Map<String, String> labels, ReleaseHistory history) {
        this(version, release, channel, ref, commit, commitTime, variants, skipReason, labels, history, null);
    }

    /**
     * One variant's outcome: every tag in order, without image names; the labels and annotations its
     * image gets; and, for a retraction, the tags to take off the retracted image.
     */
    public record Variant(VariantSpec spec, List<String> images, List<String> tags, Map<String, String> labels,
                          Map<String, String> annotations, List<String> untag) {
        public Variant {
            untag = List.copyOf(untag);
        }

        public Variant(VariantSpec spec, List<String> images, List<String> tags, Map<String, String> labels,
                       Map<String, String> annotations) {
            this(spec, images, tags, labels, annotations, List.of());
        }

        /** {@code image:tag} for every image and tag, image by image (metadata-action's order); bare tags without images. */
        public List<String> references() {
            if (images.isEmpty()) {
                return tags;
            }
            return images.stream().flatMap(i -> tags.stream().map(t -> i + ":" + t)).toList();
        }
    }

    public boolean planned() {
        return skipReason == null;
    }
}
