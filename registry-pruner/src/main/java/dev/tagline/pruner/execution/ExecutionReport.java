package dev.tagline.pruner.execution;

import dev.tagline.pruner.retention.PruneDecision;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.pruner.retention.RetentionPlan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The result of one run: every outcome, whether verification agreed, and a summary a release engineer
 * can check at a glance.
 *
 * @param stoppedBecause null, or why the run stopped before the end (it lost the repository to another
 *                       instance): the deletions not attempted are {@code SKIPPED lock-lost}
 */
public record ExecutionReport(String runId, String repository, boolean dryRun, RetentionPlan plan, List<PruneOutcome> outcomes,
                              List<String> verificationProblems, Duration took, String stoppedBecause) {

    public ExecutionReport(String runId, String repository, boolean dryRun, RetentionPlan plan, List<PruneOutcome> outcomes,
                           List<String> verificationProblems, Duration took) {
        this(runId, repository, dryRun, plan, outcomes, verificationProblems, took, null);
    }

    public boolean stopped() {
        return stoppedBecause != null;
    }

    public long count(boolean tags, Verdict verdict) {
        return outcomes.stream().filter(o -> o.decision().isTag() == tags && o.decision().decision() == verdict).count();
    }

    /** Every check passed and the run went to its end (a stopped run checked only what it deleted). */
    public boolean verified() {
        return verificationProblems.isEmpty() && stoppedBecause == null;
    }

    public String summary() {
        StringBuilder s = new StringBuilder();
        String verb = dryRun ? "would delete" : "deleted";
        s.append(dryRun ? "DRY RUN (nothing changed; --apply acts) " : "APPLIED ").append("prune of ").append(repository)
                .append("  run ").append(runId).append('\n');
        s.append(String.format("  tags:    %d kept, %d %s, %d skipped%n", count(true, Verdict.KEPT), count(true, Verdict.DELETED), verb, count(true, Verdict.SKIPPED)));
        s.append(String.format("  digests: %d kept, %d %s, %d skipped%n", count(false, Verdict.KEPT), count(false, Verdict.DELETED), verb, count(false, Verdict.SKIPPED)));
        appendByRule(s, "kept", Verdict.KEPT);
        appendByRule(s, dryRun ? "would delete" : "deleted", Verdict.DELETED);
        appendByRule(s, "skipped", Verdict.SKIPPED);
        Map<String, Long> digestRules = new TreeMap<>(outcomes.stream().filter(o -> !o.decision().isTag() && o.decision().decision() != Verdict.KEPT)
                .collect(Collectors.groupingBy(o -> o.decision().decision().name().toLowerCase() + " " + o.decision().rule(), Collectors.counting())));
        if (!digestRules.isEmpty()) {
            s.append("  digests not kept, by rule: ").append(digestRules.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "))).append('\n');
        }
        List<PruneOutcome> deletedTags = outcomes.stream().filter(o -> o.decision().isTag() && o.decision().deletes()).toList();
        if (!deletedTags.isEmpty()) {
            s.append("  ").append(dryRun ? "tags that would go" : "tags removed").append(": ")
                    .append(deletedTags.stream().limit(30).map(o -> o.decision().tag().value()).collect(Collectors.joining(" ")))
                    .append(deletedTags.size() > 30 ? " ... (" + deletedTags.size() + " in all)" : "").append('\n');
        }
        List<PruneOutcome> skipped = outcomes.stream().filter(o -> o.decision().decision() == Verdict.SKIPPED).toList();
        for (PruneOutcome o : skipped.stream().limit(20).toList()) {
            s.append("  skipped ").append(label(o.decision())).append(": ").append(o.decision().reason()).append('\n');
        }
        if (skipped.size() > 20) {
            s.append("  ... ").append(skipped.size() - 20).append(" more skipped (see the decisions)\n");
        }
        if (plan.bytesFreed() != null && count(false, Verdict.DELETED) > 0) {
            s.append("  space: ").append(dryRun ? "would free " : "freed ").append(human(plan.bytesFreed()))
                    .append(" of blobs only the deleted images used (the registry reclaims it at its next garbage collection)\n");
        }
        long fromConfig = plan.warnings().stream().filter(w -> w.contains("config created time")).count();
        if (fromConfig > 0) {
            s.append("  note: ").append(fromConfig).append(" image(s) were never pushed by tagline: their age is their config created time\n");
        }
        List<String> other = plan.warnings().stream().filter(w -> !w.contains("config created time")).toList();
        for (String w : other.stream().limit(10).toList()) {
            s.append("  note: ").append(w).append('\n');
        }
        if (other.size() > 10) {
            s.append("  note: ... ").append(other.size() - 10).append(" more notes (see the decisions' warnings)\n");
        }
        if (stoppedBecause != null) {
            s.append("  STOPPED: ").append(stoppedBecause).append("; the deletions not attempted are left to the repository's new owner\n");
            s.append(verificationProblems.isEmpty() ? "  verification: every deleted tag and digest is gone (kept ones not checked: another instance owns the repository now)\n"
                    : "  verification FAILED: " + String.join("; ", verificationProblems) + "\n");
        } else if (!dryRun) {
            s.append(verified() ? "  verification: re-listed the repository; every deleted tag is gone and every kept tag is still there\n"
                    : "  verification FAILED: " + String.join("; ", verificationProblems) + "\n");
        }
        s.append("  took ").append(took.toMillis()).append(" ms\n");
        return s.toString();
    }

    private void appendByRule(StringBuilder s, String label, Verdict verdict) {
        Map<String, Long> byRule = new TreeMap<>(outcomes.stream().filter(o -> o.decision().isTag() && o.decision().decision() == verdict)
                .collect(Collectors.groupingBy(o -> o.decision().rule(), Collectors.counting())));
        if (!byRule.isEmpty()) {
            s.append("  tags ").append(label).append(" by rule: ")
                    .append(byRule.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    static String label(PruneDecision d) {
        return d.isTag() ? d.tag().value() + " (" + d.digest().value().substring(0, 19) + ")" : d.digest().value().substring(0, 19);
    }
}
