package dev.tagline.bench.faults;

import dev.tagline.bench.infra.Stamped;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Judges a scenario from what the topics hold (read_committed) and what the registry holds. Pure: no
 * I/O, so the definitions below are the definitions (bench/FAULTS.md repeats them).
 *
 * <ul>
 * <li><b>events in</b>: distinct event ids of the scenario's repositories on {@code git.ref-events}
 *     written since the scenario began (originals; for a replay scenario, the events of its replay runs);</li>
 * <li><b>plans</b>: distinct plan ids on {@code image.tag-plans} for those events; <b>results</b>:
 *     distinct (plan id, variant) on {@code image.build-results} for those plans;</li>
 * <li><b>lost</b>: what must exist and does not, counted one per missing item: a ref change the suite
 *     made without its event; an event without a plan; a plan variant without a SUCCEEDED result (a
 *     FAILED result counts as lost: the image was not delivered); a planned tag missing from the
 *     registry; a poison record without a dead letter; an original event a replay did not replay;</li>
 * <li><b>duplicated</b>: one per extra record: a second record with an event id, plan id or (plan id,
 *     variant) already seen; a second event id for the same ref change (repository, ref, change, new
 *     commit) from the same source kind (original or replay of the same original); a second plan for
 *     one event; a second dead letter for one poison record;</li>
 * <li><b>wrong</b>: a tag in the registry whose digest is not the digest of the SUCCEEDED result of
 *     the last plan (in log order) that lists the tag, a delivered variant answering for the tags its
 *     result names (a plan with a failed variant moves no floating tag): the registry must end where
 *     the log says;</li>
 * <li><b>recovery</b>: for each fault, when it ended (the process answered again, or the fault was
 *     lifted) until every stage that had work waiting then (listener: a ref change without its event;
 *     planner: an event without its plan; builder: a plan variant without its result) wrote its next
 *     record for the scenario; the scenario's recovery is the largest. 0 when nothing waited. Not
 *     measured without a fault (baseline, replay);</li>
 * <li><b>settled</b>: from the end of the last fault (or the last action) to the newest record the
 *     scenario needed.</li>
 * </ul>
 */
final class Accounting {
    static final long UNRECOVERED = Long.MAX_VALUE;

    private Accounting() {
    }

    /** What the registry holds for one repository: tag -> digest (attachments {@code sha256-*} left out). */
    record RegistryTags(ImageRepository image, Map<String, String> tags) {
    }

    /** The tags a delivered result pointed (or found pointing) at its digest in {@code image}. */
    static List<ImageTag> resultTags(BuildResult r, ImageRepository image) {
        List<ImageTag> tags = new ArrayList<>();
        for (List<PushedTags> group : List.of(r.tagsWritten(), r.tagsAlreadyPresent())) {
            for (PushedTags pushed : group) {
                if (pushed.image().equals(image)) {
                    tags.addAll(pushed.tags());
                }
            }
        }
        return tags;
    }

    static Row judge(Scope scope, Ledger.Snapshot snap, Map<String, RegistryTags> registry) {
        Set<String> repos = scope.repositories;
        boolean replay = scope.replayRunPrefix != null;
        Predicate<RefEvent> mine = e -> repos.contains(e.repository().value()) && (replay
                ? e.replay() != null && e.replay().runId().startsWith(scope.replayRunPrefix)
                : e.replay() == null);
        Predicate<Stamped<RefEvent>> own = s -> mine.test(s.value()) && (replay || s.timestamp() >= scope.startMillis);
        List<String> details = new ArrayList<>(scope.problems);
        int lost = 0;
        int dup = 0;

        // events
        Map<String, Stamped<RefEvent>> events = new LinkedHashMap<>();
        Map<String, Set<String>> idsByChange = new HashMap<>();
        for (var s : snap.events()) {
            RefEvent e = s.value();
            if (!own.test(s)) {
                continue;
            }
            if (events.putIfAbsent(e.eventId(), s) != null) {
                dup++;
                details.add("event " + e.eventId() + " (" + e.ref().value() + ") on the log twice");
                continue;
            }
            String change = replay ? "replay of " + e.replay().originalEventId()
                    : e.repository().value() + " " + e.ref().value() + " " + e.change() + " " + commit(e);
            idsByChange.computeIfAbsent(change, k -> new HashSet<>()).add(e.eventId());
        }
        for (var entry : idsByChange.entrySet()) {
            if (entry.getValue().size() > 1) {
                dup += entry.getValue().size() - 1;
                details.add(entry.getValue().size() + " event ids for one ref change: " + entry.getKey());
            }
        }

        // plans
        Map<String, Stamped<TagPlan>> plans = new LinkedHashMap<>();
        Map<String, Set<String>> plansByEvent = new HashMap<>();
        for (var s : snap.plans()) {
            TagPlan p = s.value();
            if (!events.containsKey(p.eventId())) {
                continue;
            }
            if (plans.putIfAbsent(p.planId(), s) != null) {
                dup++;
                details.add("plan " + p.planId() + " (" + p.ref().value() + ") on the log twice");
                continue;
            }
            plansByEvent.computeIfAbsent(p.eventId(), k -> new HashSet<>()).add(p.planId());
        }
        for (var entry : plansByEvent.entrySet()) {
            if (entry.getValue().size() > 1) {
                dup += entry.getValue().size() - 1;
                details.add(entry.getValue().size() + " plans for event " + entry.getKey());
            }
        }

        // results
        Map<String, Stamped<BuildResult>> results = new LinkedHashMap<>();
        for (var s : snap.results()) {
            BuildResult r = s.value();
            if (!plans.containsKey(r.planId())) {
                continue;
            }
            String key = r.planId() + "/" + r.variant();
            if (results.putIfAbsent(key, s) != null) {
                dup++;
                details.add("result of plan " + r.planId() + " variant " + r.variant() + " on the log twice");
            }
        }

        // lost along the chain
        long needed = 0;
        for (Scope.Expected x : scope.expected) {
            var event = events.values().stream().filter(s -> s.value().repository().value().equals(x.repository())
                    && s.value().ref().value().equals(x.ref()) && x.commit().equals(commit(s.value()))).findFirst();
            if (event.isEmpty()) {
                lost++;
                details.add("lost: no event for " + x.ref() + " at " + x.commit().substring(0, 7));
            } else {
                needed = Math.max(needed, event.get().timestamp());
            }
        }
        if (replay) {
            Set<String> replayed = new HashSet<>();
            events.values().forEach(s -> replayed.add(s.value().replay().originalEventId()));
            for (String original : scope.replayOf) {
                if (!replayed.contains(original)) {
                    lost++;
                    details.add("lost: event " + original + " was not replayed");
                }
            }
        }
        for (var s : events.values()) {
            if (s.value().change() != RefChange.DELETED && !plansByEvent.containsKey(s.value().eventId())) {
                lost++;
                details.add("lost: no plan for event " + s.value().eventId() + " (" + s.value().ref().value() + ")");
            }
        }
        for (var s : plans.values()) {
            needed = Math.max(needed, s.timestamp());
            for (VariantPlan v : s.value().variants()) {
                var r = results.get(s.value().planId() + "/" + v.name());
                if (r == null) {
                    lost++;
                    details.add("lost: no result for " + s.value().ref().value() + " variant " + v.name());
                } else {
                    needed = Math.max(needed, r.timestamp());
                    if (r.value().status() != BuildStatus.SUCCEEDED) {
                        lost++;
                        details.add("lost: " + s.value().ref().value() + " variant " + v.name() + " FAILED: " + r.value().error());
                    }
                }
            }
        }

        // the registry must end where the log says: the last plan listing a tag decides its digest
        int tagsInRegistry = 0;
        int wrong = 0;
        for (String repo : repos) {
            RegistryTags held = registry.get(repo);
            if (held == null) {
                continue;
            }
            tagsInRegistry += held.tags().size();
            Map<String, String> expectedDigest = new LinkedHashMap<>();
            Map<String, BuildResult> succeeded = new HashMap<>();
            for (var s : snap.results()) {
                BuildResult r = s.value();
                if (r.repository().value().equals(repo) && r.status() == BuildStatus.SUCCEEDED && r.digest() != null) {
                    // (a result that only removed tags, a retraction's, points no tag at a digest)
                    succeeded.put(r.planId() + "/" + r.variant(), r);
                }
            }
            for (var s : snap.plans()) {
                TagPlan p = s.value();
                if (!p.repository().value().equals(repo)) {
                    continue;
                }
                for (VariantPlan v : p.variants()) {
                    if (!v.images().contains(held.image())) {
                        continue;
                    }
                    BuildResult r = succeeded.get(p.planId() + "/" + v.name());
                    // a delivered variant answers for the tags its result names: a plan with a failed variant
                    // moves no floating tag (they stay where the previous plan put them)
                    List<ImageTag> decided = r == null ? v.tags() : resultTags(r, held.image());
                    for (ImageTag t : decided) {
                        expectedDigest.put(t.value(), r == null ? null : r.digest().value()); // null: no image to point at
                    }
                }
            }
            for (var e : expectedDigest.entrySet()) {
                if (e.getValue() == null) {
                    continue; // counted above as a result missing or FAILED, when it is this scenario's
                }
                String actual = held.tags().get(e.getKey());
                if (actual == null) {
                    lost++;
                    details.add("lost: tag " + e.getKey() + " is not in the registry");
                } else if (!actual.equals(e.getValue())) {
                    wrong++;
                    details.add("wrong: tag " + e.getKey() + " -> " + shortDigest(actual) + ", its last plan says " + shortDigest(e.getValue()));
                }
            }
        }

        // poison: one dead letter each
        for (Scope.Poison p : scope.poison) {
            long n = snap.deadLetters().stream().filter(d -> d.topic().equals(p.topic() + ".dlt") && d.value().contains(p.marker())).count();
            if (n == 0) {
                lost++;
                details.add("lost: poison record on " + p.topic() + " was not dead-lettered");
            } else if (n > 1) {
                dup += (int) n - 1;
                details.add("poison record on " + p.topic() + " dead-lettered " + n + " times");
            }
        }

        long recovery = replay || scope.faultEnds.isEmpty() ? -1 : recovery(scope, events, plans, results);
        long settled = needed == 0 ? -1 : Math.max(0, needed - scope.settleFrom());
        boolean pass = lost == 0 && dup == 0 && wrong == 0 && scope.problems.isEmpty()
                && (recovery < 0 || recovery <= Settings.RECOVERY_LIMIT.toMillis());
        if (recovery > Settings.RECOVERY_LIMIT.toMillis()) {
            details.add(recovery == UNRECOVERED ? "recovery: a stage with work waiting wrote nothing after the fault ended"
                    : "recovery " + recovery + " ms is over " + Settings.RECOVERY_LIMIT.toSeconds() + " s");
        }
        details.addAll(scope.notes);
        return new Row(scope.name, events.size(), plans.size(), results.size(), tagsInRegistry, lost, dup, wrong, recovery,
                settled, pass, details);
    }

    /** The largest, over the scenario's faults, of the time until every stage that had work waiting resumed. */
    private static long recovery(Scope scope, Map<String, Stamped<RefEvent>> events,
                                 Map<String, Stamped<TagPlan>> plans, Map<String, Stamped<BuildResult>> results) {
        long worst = 0;
        for (long end : scope.faultEnds) {
            List<Long> resumed = new ArrayList<>();
            boolean listenerWaits = scope.expected.stream().anyMatch(x -> x.sinceMillis() <= end && events.values().stream()
                    .noneMatch(s -> s.timestamp() <= end && s.value().repository().value().equals(x.repository())
                            && s.value().ref().value().equals(x.ref()) && x.commit().equals(commit(s.value()))));
            if (listenerWaits) {
                resumed.add(firstAfter(events.values().stream().map(Stamped::timestamp).toList(), end));
            }
            boolean plannerWaits = events.values().stream().anyMatch(e -> e.timestamp() <= end && e.value().change() != RefChange.DELETED
                    && plans.values().stream().noneMatch(p -> p.timestamp() <= end && p.value().eventId().equals(e.value().eventId())));
            if (plannerWaits) {
                resumed.add(firstAfter(plans.values().stream().map(Stamped::timestamp).toList(), end));
            }
            boolean builderWaits = plans.values().stream().anyMatch(p -> p.timestamp() <= end && p.value().variants().stream()
                    .anyMatch(v -> {
                        var r = results.get(p.value().planId() + "/" + v.name());
                        return r == null || r.timestamp() > end;
                    }));
            if (builderWaits) {
                resumed.add(firstAfter(results.values().stream().map(Stamped::timestamp).toList(), end));
            }
            for (long t : resumed) {
                worst = Math.max(worst, t == UNRECOVERED ? UNRECOVERED : t - end);
            }
        }
        return worst;
    }

    private static long firstAfter(List<Long> timestamps, long end) {
        return timestamps.stream().filter(t -> t > end).min(Long::compare).orElse(UNRECOVERED);
    }

    private static String commit(RefEvent e) {
        return e.newCommit() == null ? null : e.newCommit().value();
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }

    /**
     * True when every link of the scenario's chain exists (an event per ref change, a plan per event, a
     * result per plan variant, a dead letter per poison record, a replay per original): nothing is
     * left to wait for. A FAILED result is an end too; the judgement counts it as lost.
     */
    static boolean complete(Scope scope, Ledger.Snapshot snap) {
        Row row = judge(scope, snap, Map.of());
        return row.details().stream().noneMatch(d -> d.startsWith("lost: no ") || d.startsWith("lost: poison")
                || d.endsWith("was not replayed"));
    }
}
