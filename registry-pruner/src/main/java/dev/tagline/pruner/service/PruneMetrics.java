package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.ExecutionReport;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a run deleted, or in a dry run would have deleted: {@code tagline_pruner_deleted_total{kind}} and
 * {@code tagline_pruner_would_delete_total{kind}} ({@code kind} = {@code tag} or {@code digest}). Both are
 * incremented by every run (by zero for the mode it is not in), so both are exported from the first run.
 */
final class PruneMetrics {
    static final String DELETED = "tagline.pruner.deleted";
    static final String WOULD_DELETE = "tagline.pruner.would.delete";

    private PruneMetrics() {
    }

    static void countDeletes(MeterRegistry meters, ExecutionReport report) {
        for (boolean tags : new boolean[]{true, false}) {
            String kind = tags ? "tag" : "digest";
            long count = report.count(tags, Verdict.DELETED);
            counter(meters, DELETED, kind, "tags or digests deleted from the registry").increment(report.dryRun() ? 0 : count);
            counter(meters, WOULD_DELETE, kind, "tags or digests a dry run would have deleted").increment(report.dryRun() ? count : 0);
        }
    }

    private static Counter counter(MeterRegistry meters, String name, String kind, String description) {
        return Counter.builder(name).tag("kind", kind).description(description).register(meters);
    }
}
