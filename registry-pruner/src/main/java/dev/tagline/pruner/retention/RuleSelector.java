package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.Durations;
import dev.tagline.policy.retention.RetentionRule;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.pruner.retention.RegistrySnapshot.Tag;
import dev.tagline.pruner.retention.Selection.Reason;
import dev.tagline.schema.value.Digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a rule list ({@code retention.rules}): a tag is removable when a delete rule selects it (and it
 * is not protected or kept by a keep pattern); a candidate image expires when some delete rule's
 * condition holds for it and no keep rule keeps it (keep beats delete), outside the grace period. Each
 * rule ranks the images it selects by the push times of the tags it selects (re-pointed other tags rank
 * nothing), or, with {@code countBy: tags}, ranks the tags themselves.
 */
final class RuleSelector {
    private RuleSelector() {
    }

    private record Ranked(Digest digest, ImageAge age, int rank) {
    }

    static Selection select(RegistryGraph graph, RetentionPolicy policy, Instant now, List<String> warnings) {
        Selection s = new Selection();
        List<RetentionRule> deletes = policy.rules().stream().filter(r -> !r.keep()).toList();
        Map<Digest, List<Tag>> candidateTags = Selection.classifyTags(s, graph, policy, name -> deletes.stream().anyMatch(r -> r.selects(name)), "matches no delete rule");
        List<Digest> untagged = graph.manifests.keySet().stream()
                .filter(d -> graph.tags(d).isEmpty() && !graph.isChild(d) && !graph.isReferrer(d)).toList();

        Map<Digest, Reason> keptBy = new LinkedHashMap<>();
        Map<Digest, Reason> expiredBy = new LinkedHashMap<>();
        Map<Digest, Reason> heldBy = new LinkedHashMap<>();
        for (RetentionRule rule : policy.rules()) {
            for (Ranked r : rank(graph, rule, candidateTags, untagged, warnings)) {
                if (!r.age().known()) {
                    heldBy.putIfAbsent(r.digest(), new Reason("unknown-age", "kept: " + r.age().describe(now)));
                    continue;
                }
                boolean holds = rule.holds(r.age().ageAt(now), r.rank());
                String text = r.age().describe(now) + ", " + TaglineSelector.newest(r.rank()) + " of those " + rule.describe() + " selects";
                if (rule.keep() && holds) {
                    keptBy.putIfAbsent(r.digest(), new Reason(rule.id(), "kept by " + text));
                } else if (!rule.keep() && holds) {
                    expiredBy.putIfAbsent(r.digest(), new Reason(rule.id(), "deleted by " + text));
                } else if (!rule.keep()) {
                    heldBy.putIfAbsent(r.digest(), new Reason(rule.id(), "its condition does not hold: " + text));
                }
            }
        }
        List<Digest> images = new ArrayList<>(candidateTags.keySet());
        untagged.stream().filter(d -> !images.contains(d)).forEach(images::add);
        for (Digest d : images) {
            boolean isUntagged = !candidateTags.containsKey(d);
            if (keptBy.containsKey(d)) {
                s.retainedImages.put(d, keptBy.get(d));
            } else if (expiredBy.containsKey(d)) {
                ImageAge touched = graph.age(d);
                if (touched.known() && touched.ageAt(now).compareTo(policy.gracePeriod()) < 0) {
                    s.retainedImages.put(d, new Reason("grace-period:" + Durations.format(policy.gracePeriod()),
                            touched.describe(now) + ", within the grace period " + Durations.format(policy.gracePeriod()) + " (possibly in flight)"));
                } else {
                    s.expiredImages.put(d, expiredBy.get(d));
                }
            } else if (heldBy.containsKey(d)) {
                s.retainedImages.put(d, heldBy.get(d));
            } else if (isUntagged) {
                s.keptUntagged.put(d, new Reason("untagged-not-candidate", "untagged top-level manifest; no rule selects untagged manifests"));
            } else {
                s.retainedImages.put(d, new Reason("no-rule", "no delete rule's condition holds for it"));
            }
        }
        return s;
    }

    /** The images a rule selects, newest first, with their rank (images, or with countBy tags the rank of their best tag). */
    private static List<Ranked> rank(RegistryGraph graph, RetentionRule rule, Map<Digest, List<Tag>> candidateTags,
                                     List<Digest> untagged, List<String> warnings) {
        List<Ranked> out = new ArrayList<>();
        if (rule.untagged()) {
            List<Ranked> u = new ArrayList<>();
            for (Digest d : untagged) {
                u.add(new Ranked(d, graph.age(d), 0));
            }
            out.addAll(ranked(u));
        }
        if (rule.tags().isEmpty()) {
            return out;
        }
        // the digests a rule can act on: candidate images (keep rules may also select non-removable tags on them)
        Map<Digest, List<Tag>> selected = new TreeMap<>();
        for (Digest d : candidateTags.keySet()) {
            for (Tag t : graph.tags(d)) {
                if (!graph.isAttachmentTag(t) && rule.selects(t.tag().value())) {
                    selected.computeIfAbsent(d, x -> new ArrayList<>()).add(t);
                }
            }
        }
        if (rule.countTags()) {
            record TagAt(Digest digest, Tag tag, ImageAge age) {
            }
            List<TagAt> tags = new ArrayList<>();
            selected.forEach((d, ts) -> ts.forEach(t -> tags.add(new TagAt(d, t, graph.candidateAge(d, List.of(t))))));
            tags.sort(Comparator.comparing((TagAt t) -> t.age().known() ? t.age().time() : Instant.MIN).reversed()
                    .thenComparing(t -> t.tag().tag()));
            Map<Digest, Ranked> best = new LinkedHashMap<>();
            for (int i = 0; i < tags.size(); i++) {
                TagAt t = tags.get(i);
                best.putIfAbsent(t.digest(), new Ranked(t.digest(), graph.candidateAge(t.digest(), selected.get(t.digest())), i + 1));
            }
            out.addAll(best.values());
            return out;
        }
        List<Ranked> imgs = new ArrayList<>();
        selected.forEach((d, ts) -> {
            ImageAge age = graph.candidateAge(d, ts);
            TaglineSelector.noteAgeSource(d, age, warnings);
            imgs.add(new Ranked(d, age, 0));
        });
        out.addAll(ranked(imgs));
        return out;
    }

    private static List<Ranked> ranked(List<Ranked> images) {
        List<Ranked> known = new ArrayList<>(images.stream().filter(r -> r.age().known()).toList());
        known.sort(Comparator.comparing((Ranked r) -> r.age().time()).reversed().thenComparing(Ranked::digest));
        List<Ranked> out = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            out.add(new Ranked(known.get(i).digest(), known.get(i).age(), i + 1));
        }
        images.stream().filter(r -> !r.age().known()).forEach(out::add);
        return out;
    }

}
