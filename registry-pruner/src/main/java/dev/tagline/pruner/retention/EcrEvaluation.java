package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.Durations;
import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.policy.retention.EcrLifecyclePolicy.CountType;
import dev.tagline.policy.retention.EcrLifecyclePolicy.Rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies an {@link EcrLifecyclePolicy} to images with ECR's documented semantics (see that type). */
public final class EcrEvaluation {
    private EcrEvaluation() {
    }

    /** One image as ECR sees it: its tags and its push time (null: unknown, never expired). */
    public record Image(String id, Set<String> tags, Instant pushedAt) {
        public Image {
            tags = Set.copyOf(tags);
        }
    }

    /** ECR's verdict for one image: the rule that selected it first (null: none), and whether it expires. */
    public record Verdict(Rule rule, boolean expired, String reason) {
    }

    /** Evaluates the rules over these images; every image gets a verdict. */
    public static Map<String, Verdict> evaluate(EcrLifecyclePolicy policy, List<Image> images, Instant now) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();
        for (Rule rule : policy.rules()) {
            List<Image> selected = images.stream().filter(i -> rule.selects(i.tags())).toList();
            List<Image> ranked = new ArrayList<>(selected.stream().filter(i -> i.pushedAt() != null).toList());
            ranked.sort(Comparator.comparing(Image::pushedAt).reversed().thenComparing(Image::id));
            Map<String, String> expire = new LinkedHashMap<>();
            Map<String, String> survive = new LinkedHashMap<>();
            for (int i = 0; i < ranked.size(); i++) {
                Image img = ranked.get(i);
                String ago = Durations.human(Duration.between(img.pushedAt(), now));
                if (rule.countType() == CountType.IMAGE_COUNT_MORE_THAN) {
                    String text = "the " + TaglineSelector.newest(i + 1) + " of " + ranked.size() + " images " + rule.describe() + ", pushed " + ago + " ago";
                    (i < rule.countNumber() ? survive : expire).put(img.id(), text);
                } else {
                    boolean old = Duration.between(img.pushedAt(), now).compareTo(Duration.ofDays(rule.countNumber())) > 0;
                    (old ? expire : survive).put(img.id(), "pushed " + ago + " ago, " + rule.describe());
                }
            }
            for (Image img : selected) {
                if (!claimed.add(img.id())) {
                    continue;
                }
                if (img.pushedAt() == null) {
                    verdicts.put(img.id(), new Verdict(rule, false, "push time unknown, never expired; selected by " + rule.describe()));
                } else if (expire.containsKey(img.id())) {
                    verdicts.put(img.id(), new Verdict(rule, true, "expired by ECR " + expire.get(img.id())));
                } else {
                    verdicts.put(img.id(), new Verdict(rule, false, "kept by ECR: " + survive.get(img.id())));
                }
            }
        }
        for (Image img : images) {
            verdicts.putIfAbsent(img.id(), new Verdict(null, false, "no ECR lifecycle rule selects it"));
        }
        return verdicts;
    }
}
