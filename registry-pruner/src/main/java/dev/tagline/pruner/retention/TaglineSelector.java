package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.Durations;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.pruner.retention.RegistrySnapshot.Tag;
import dev.tagline.pruner.retention.Selection.Reason;
import dev.tagline.schema.value.Digest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Applies a {@link RetentionPolicy}: select candidates by pattern, then keep by count, age and grace. */
final class TaglineSelector {
    private TaglineSelector() {
    }

    static Selection select(RegistryGraph graph, RetentionPolicy policy, Instant now, List<String> warnings) {
        if (!policy.rules().isEmpty()) {
            return RuleSelector.select(graph, policy, now, warnings);
        }
        Selection s = new Selection();
        Map<Digest, List<Tag>> candidateTags = Selection.classifyTags(s, graph, policy, name -> policy.candidatePatternFor(name).isPresent(), "matches no candidate pattern");

        // age ranks and ages by the candidate tags' own push times; touched (any tag) only feeds the grace period
        record Image(Digest digest, ImageAge age, ImageAge touched) {
        }
        List<Image> ranked = new ArrayList<>();
        for (Map.Entry<Digest, List<Tag>> e : candidateTags.entrySet()) {
            Digest d = e.getKey();
            ImageAge age = graph.candidateAge(d, e.getValue());
            noteAgeSource(d, age, warnings);
            if (!age.known()) {
                s.retainedImages.put(d, new Reason("unknown-age", "kept: " + age.describe(now)));
            } else {
                ImageAge touched = graph.age(d);
                ranked.add(new Image(d, age, touched.known() ? touched : age));
            }
        }
        ranked.sort(Comparator.comparing((Image i) -> i.age().time()).reversed().thenComparing(Image::digest));

        Map<Digest, Reason> perPattern = new TreeMap<>();
        for (RetentionPolicy.CountRule rule : policy.keepLastPerPattern()) {
            int rank = 0;
            for (Image img : ranked) {
                if (candidateTags.get(img.digest()).stream().noneMatch(t -> rule.pattern().matches(t.tag().value()))) {
                    continue;
                }
                rank++;
                if (rank <= rule.count()) {
                    perPattern.putIfAbsent(img.digest(), new Reason(rule.id(), "image is the " + newest(rank) + " of the candidate images tagged like "
                            + rule.pattern().text() + " (keep the last " + rule.count() + "), " + img.age().describe(now)));
                }
            }
        }
        Optional<Duration> window = policy.keepWithin();
        int n = policy.keepLast().orElse(-1);
        int total = ranked.size();
        int beyondWindowRank = 0;
        for (int i = 0; i < ranked.size(); i++) {
            Image img = ranked.get(i);
            Duration age = img.age().ageAt(now);
            String when = img.age().describe(now);
            boolean inWindow = window.isPresent() && age.compareTo(window.get()) <= 0;
            int rank;
            if (policy.countMode() == RetentionPolicy.CountMode.BEYOND_WINDOW) {
                rank = inWindow ? -1 : ++beyondWindowRank;
            } else {
                rank = i + 1;
            }
            if (n >= 0 && rank > 0 && rank <= n) {
                String among = policy.countMode() == RetentionPolicy.CountMode.BEYOND_WINDOW
                        ? " older than keep-within " + Durations.format(window.orElse(Duration.ZERO))
                        : "";
                s.retainedImages.put(img.digest(), new Reason("keep-last:" + n,
                        "image is the " + newest(rank) + " of the candidate images" + among + " (keep-last " + n + "), " + when));
            } else if (perPattern.containsKey(img.digest())) {
                s.retainedImages.put(img.digest(), perPattern.get(img.digest()));
            } else if (inWindow) {
                s.retainedImages.put(img.digest(), new Reason("keep-within:" + Durations.format(window.get()),
                        when + ", within keep-within " + Durations.format(window.get())));
            } else if (inGrace(img.age(), img.touched(), now, policy.gracePeriod())) {
                s.retainedImages.put(img.digest(), new Reason("grace-period:" + Durations.format(policy.gracePeriod()),
                        img.touched().describe(now) + (img.touched().time().isAfter(img.age().time()) ? " (a tag was written onto it)" : "")
                                + ", within the grace period " + Durations.format(policy.gracePeriod()) + " (possibly in flight)"));
            } else {
                s.expiredImages.put(img.digest(), new Reason(policy.expiryRule(), expiryText(policy, rank, total, when, window)));
            }
        }

        for (Digest d : graph.manifests.keySet()) {
            if (!graph.tags(d).isEmpty() || graph.isChild(d) || graph.isReferrer(d)) {
                continue;
            }
            if (!policy.untagged()) {
                s.keptUntagged.put(d, new Reason("untagged-not-candidate", "untagged top-level manifest; the policy does not make untagged manifests candidates"));
                continue;
            }
            ImageAge age = graph.age(d);
            noteAgeSource(d, age, warnings);
            String when = age.describe(now);
            if (!age.known()) {
                s.retainedImages.put(d, new Reason("unknown-age", "untagged, kept: " + when));
            } else if (age.ageAt(now).compareTo(policy.gracePeriod()) < 0) {
                s.retainedImages.put(d, new Reason("grace-period:" + Durations.format(policy.gracePeriod()),
                        "untagged, " + when + ", within the grace period " + Durations.format(policy.gracePeriod())));
            } else if (window.isPresent() && age.ageAt(now).compareTo(window.get()) <= 0) {
                s.retainedImages.put(d, new Reason("keep-within:" + Durations.format(window.get()),
                        "untagged, " + when + ", within keep-within " + Durations.format(window.get())));
            } else {
                s.expiredImages.put(d, new Reason("untagged", "untagged top-level manifest (untagged manifests are candidates), " + when));
            }
        }
        return s;
    }

    private static boolean inGrace(ImageAge age, ImageAge touched, Instant now, Duration grace) {
        Instant last = touched.time().isAfter(age.time()) ? touched.time() : age.time();
        return Duration.between(last, now).compareTo(grace) < 0;
    }

    private static String expiryText(RetentionPolicy policy, int rank, int total, String when, Optional<Duration> window) {
        List<String> parts = new ArrayList<>();
        policy.keepLastPerPattern().forEach(r -> parts.add("not among the " + r.count() + " newest tagged like " + r.pattern().text()));
        policy.keepLast().ifPresent(n -> parts.add(policy.countMode() == RetentionPolicy.CountMode.BEYOND_WINDOW
                ? "the " + newest(rank) + " of the candidate images older than the window, beyond keep-last " + n
                : "the " + newest(rank) + " of " + total + " candidate images, beyond keep-last " + n));
        window.ifPresent(w -> parts.add("outside keep-within " + Durations.format(w)));
        if (parts.isEmpty()) {
            parts.add("a candidate and the policy keeps no candidate images");
        }
        return "image is " + String.join(" and ", parts) + "; " + when;
    }

    static void noteAgeSource(Digest d, ImageAge age, List<String> warnings) {
        if (age.source() == ImageAge.Source.CONFIG_CREATED) {
            warnings.add("age of " + d + " comes from its config created time: tagline never pushed it");
        } else if (age.source() == ImageAge.Source.UNKNOWN) {
            warnings.add("age of " + d + " is unknown (never pushed by tagline, no config created time): kept");
        }
    }

    static String newest(int rank) {
        return rank == 1 ? "newest" : ordinal(rank) + " newest";
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = (mod100 >= 11 && mod100 <= 13) ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
