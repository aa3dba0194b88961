package dev.tagline.planner.planning;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plays a sequence of ref events through the planner, carrying the release history along. */
final class Scenario {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    final ReleasePolicy policy;
    ReleaseHistory history = ReleaseHistory.empty();
    Decision last;
    private int commits;

    Scenario(ReleasePolicy policy) {
        this.policy = policy;
    }

    static Scenario example(String name) {
        return new Scenario(PolicyParser.parse(Path.of("examples", name + ".yml")));
    }

    static String sha(int n) {
        return String.format("%040x", n * 0x1111L + 0xabc0000L);
    }

    /** Pushes tag {@code name} at a new commit. */
    Decision tag(String name) {
        return run(new PlanRequest(GitRef.tag(name), RefChange.CREATED, "push", CommitSha.parse(sha(++commits)), T0.plusSeconds(commits * 60L),
                T0.plusSeconds(commits * 60L + 5), null, "refs/heads/main", null));
    }

    /** Pushes tag {@code name} at the existing commit {@code sha} (committed at {@code commitTime}): a promotion. */
    Decision tagAt(String name, CommitSha sha, Instant commitTime) {
        return run(new PlanRequest(GitRef.tag(name), RefChange.CREATED, "push", sha, commitTime, commitTime, null, "refs/heads/main", null));
    }

    /** The tags to remove per variant ({@code base: [2, 2.0]}), of variants that remove any. */
    Map<String, List<String>> untag() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        last.variants().stream().filter(v -> !v.untag().isEmpty()).forEach(v -> out.put(v.spec().name(), v.untag()));
        return out;
    }

    Decision deleteTag(String name) {
        return run(new PlanRequest(GitRef.tag(name), RefChange.DELETED, "push", null, null, T0.plusSeconds(++commits * 60L), null, null, null));
    }

    Decision push(String branch) {
        return run(new PlanRequest(GitRef.branch(branch), RefChange.UPDATED, "push", CommitSha.parse(sha(++commits)),
                T0.plusSeconds(commits * 60L), T0.plusSeconds(commits * 60L + 5), null, null, null));
    }

    Decision schedule(String name, String branch, Instant now) {
        return run(new PlanRequest(GitRef.branch(branch), RefChange.SCHEDULED, "schedule", CommitSha.parse(sha(++commits)),
                T0.plusSeconds(commits * 60L), now, null, null, name));
    }

    Decision pullRequest(int number) {
        return run(new PlanRequest(GitRef.parse("refs/pull/" + number + "/head"), RefChange.UPDATED, "pull_request",
                CommitSha.parse(sha(++commits)), T0.plusSeconds(commits * 60L), T0.plusSeconds(commits * 60L + 5), null, "main", null));
    }

    Decision run(PlanRequest request) {
        last = TagPlanner.decide(request, policy, history);
        history = last.history();
        return last;
    }

    /** The last decision's tags per variant ({@code base: [1.2.3, latest]}). */
    Map<String, List<String>> tags() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        last.variants().forEach(v -> out.put(v.spec().name(), v.tags()));
        return out;
    }

    /** The tags of the only (or first) variant. */
    List<String> tagsOfFirst() {
        return last.variants().isEmpty() ? List.of() : last.variants().get(0).tags();
    }
}
