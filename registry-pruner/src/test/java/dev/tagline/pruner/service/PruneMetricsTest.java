package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.ExecutionReport;
import dev.tagline.pruner.execution.PruneOutcome;
import dev.tagline.pruner.retention.PruneDecision;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PruneMetricsTest {
    private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
    private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
    private static final List<PruneOutcome> OUTCOMES = List.of(
            outcome(new PruneDecision(ImageTag.parse("sha-1111111"), A, Verdict.DELETED, "keep-last:1", "older")),
            outcome(new PruneDecision(ImageTag.parse("sha-2222222"), A, Verdict.DELETED, "keep-last:1", "older")),
            outcome(new PruneDecision(null, A, Verdict.DELETED, "keep-last:1", "no tag left")),
            outcome(new PruneDecision(ImageTag.parse("latest"), B, Verdict.KEPT, "protected", "protected")));

    /** A dry run counts what it would delete and deletes nothing; an applied run counts what it deleted. */
    @ParameterizedTest(name = "dry run {0}: {1} counts 2 tags and 1 digest, {2} none")
    @CsvSource({
            "true,  " + PruneMetrics.WOULD_DELETE + ", " + PruneMetrics.DELETED,
            "false, " + PruneMetrics.DELETED + ", " + PruneMetrics.WOULD_DELETE,
    })
    void aRunCountsItsDeletesUnderItsOwnName(boolean dryRun, String counted, String untouched) {
        MeterRegistry meters = new SimpleMeterRegistry();

        PruneMetrics.countDeletes(meters, report(dryRun));

        assertCounted(meters, counted, 2, 1);
        assertCounted(meters, untouched, 0, 0);
    }

    private static ExecutionReport report(boolean dryRun) {
        return new ExecutionReport("run-1", "acme/shop", dryRun, null, OUTCOMES, List.of(), Duration.ZERO);
    }

    private static PruneOutcome outcome(PruneDecision decision) {
        return new PruneOutcome(decision, null, null);
    }

    private static void assertCounted(MeterRegistry meters, String name, double tags, double digests) {
        assertEquals(tags, meters.get(name).tag("kind", "tag").counter().count(), name + "{kind=tag}");
        assertEquals(digests, meters.get(name).tag("kind", "digest").counter().count(), name + "{kind=digest}");
    }
}
