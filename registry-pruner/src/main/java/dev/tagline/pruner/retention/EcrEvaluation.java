package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.Durations;
import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.policy.retention.EcrLifecyclePolicy.CountType;
import dev.tagline.policy.retention.EcrLifecyclePolicy.Rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies an {@link EcrLifecyclePolicy} to images with ECR's documented semantics (see that type). */
public final class EcrEvaluation {
    private EcrEvaluation() {
    }

    /**
     * One image as ECR sees it: its tags, when tagline wrote each of them onto it ({@code tagPushedAt};
     * tags without a known time are absent), and the image's own time ({@code pushedAt}: used by a rule
     * only when none of the tags it selects the image by has a time; null: unknown, never expired).
     */
    public record Image(String id, Set<String> tags, Instant pushedAt, Map<String, Instant> tagPushedAt) {
        public Image {
            tags = Set.copyOf(tags);
            tagPushedAt = Map.copyOf(tagPushedAt);
        }

        public Image(String id, Set<String> tags, Instant pushedAt) {
            this(id, tags, pushedAt, Map.of());
        }

        /**
         * The time that ranks and ages this image for a rule: the newest push of the tags the rule selects
         * it by (README, "age": another tag re-pointed onto the digest later does not make it newer), else
         * the image's own time.
         */
        public Instant pushedAt(Rule rule) {
            Instant latest = null;
            for (String t : rule.selectedTags(tags)) {
                Instant at = tagPushedAt.get(t);
                if (at != null && (latest == null || at.isAfter(latest))) {
                    latest = at;
                }
            }
            return latest != null ? latest : pushedAt;
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
            Map<String, Instant> at = new HashMap<>();
            selected.forEach(i -> {
                Instant t = i.pushedAt(rule);
                if (t != null) {
                    at.put(i.id(), t);
                }
            });
            List<Image> ranked = new ArrayList<>(selected.stream().filter(i -> at.containsKey(i.id())).toList());
            ranked.sort(Comparator.comparing((Image i) -> at.get(i.id())).reversed().thenComparing(Image::id));
            Map<String, String> expire = new LinkedHashMap<>();
            Map<String, String> survive = new LinkedHashMap<>();
            for (int i = 0; i < ranked.size(); i++) {
                Image img = ranked.get(i);
                Instant pushed = at.get(img.id());
                String ago = Durations.human(Duration.between(pushed, now));
                if (rule.countType() == CountType.IMAGE_COUNT_MORE_THAN) {
                    String text = "the " + TaglineSelector.newest(i + 1) + " of " + ranked.size() + " images " + rule.describe() + ", pushed " + ago + " ago";
                    (i < rule.countNumber() ? survive : expire).put(img.id(), text);
                } else {
                    boolean old = Duration.between(pushed, now).compareTo(Duration.ofDays(rule.countNumber())) > 0;
                    (old ? expire : survive).put(img.id(), "pushed " + ago + " ago, " + rule.describe());
                }
            }
            for (Image img : selected) {
                if (!claimed.add(img.id())) {
                    continue;
                }
                if (!at.containsKey(img.id())) {
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
