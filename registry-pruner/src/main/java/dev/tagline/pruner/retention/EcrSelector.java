package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.pruner.retention.RegistrySnapshot.Tag;
import dev.tagline.pruner.retention.Selection.Reason;
import dev.tagline.schema.value.Digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps a registry graph onto ECR's image model and back. ECR "images" are the tagged digests and the
 * untagged top-level manifests; platform manifests of an index and referrers are not images of their
 * own here (they live and die with what reaches them), attachment tags follow their subject.
 */
final class EcrSelector {
    private EcrSelector() {
    }

    static Selection select(RegistryGraph graph, EcrLifecyclePolicy policy, Instant now, List<String> warnings) {
        Map<Digest, TreeSet<String>> tagsOf = new TreeMap<>();
        for (Tag t : graph.snapshot.tags()) {
            if (!graph.isAttachmentTag(t)) {
                tagsOf.computeIfAbsent(t.digest(), d -> new TreeSet<>()).add(t.tag().value());
            }
        }
        for (Digest d : graph.manifests.keySet()) {
            if (graph.tags(d).isEmpty() && !graph.isChild(d) && !graph.isReferrer(d)) {
                tagsOf.put(d, new TreeSet<>());
            }
        }
        List<EcrEvaluation.Image> images = new ArrayList<>();
        tagsOf.forEach((d, tags) -> {
            // each rule ranks by the tags it selects (EcrEvaluation.Image#pushedAt(Rule)); the image's own
            // time (candidateAge with no tag: its push, else its config created time) only when none has one
            Map<String, Instant> tagTimes = new HashMap<>();
            for (Tag t : graph.tags(d)) {
                if (t.pushedAt() != null && tags.contains(t.tag().value())) {
                    tagTimes.put(t.tag().value(), t.pushedAt());
                }
            }
            ImageAge own = graph.candidateAge(d, List.of());
            if (tagTimes.isEmpty()) {
                TaglineSelector.noteAgeSource(d, own, warnings);
            }
            images.add(new EcrEvaluation.Image(d.value(), tags, own.time(), tagTimes));
        });
        Map<String, EcrEvaluation.Verdict> verdicts = EcrEvaluation.evaluate(policy, images, now);

        Selection s = new Selection();
        for (Tag t : graph.snapshot.tags()) {
            if (graph.isAttachmentTag(t)) {
                continue;
            }
            EcrEvaluation.Verdict v = verdicts.get(t.digest().value());
            if (v.expired()) {
                s.removableTags.add(t.tag());
            } else {
                s.keptTags.put(t.tag(), new Reason(v.rule() == null ? "ecr-no-rule" : v.rule().id(), v.reason()));
            }
        }
        tagsOf.forEach((d, tags) -> {
            EcrEvaluation.Verdict v = verdicts.get(d.value());
            Reason r = new Reason(v.rule() == null ? "ecr-no-rule" : v.rule().id(), v.reason());
            if (v.expired()) {
                s.expiredImages.put(d, r);
            } else if (tags.isEmpty()) {
                s.keptUntagged.put(d, r);
            } else {
                s.retainedImages.put(d, r);
            }
        });
        return s;
    }
}
