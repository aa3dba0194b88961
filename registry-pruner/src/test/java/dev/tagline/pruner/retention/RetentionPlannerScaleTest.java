package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.RetentionPolicy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tagline.pruner.retention.Snap.CLOCK;
import static dev.tagline.pruner.retention.Snap.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 5,000 tags: the plan is right at that size, and how long deciding takes is printed (never asserted). */
class RetentionPlannerScaleTest {
    @Test
    void fiveThousandTagsArePlannedCompletely() {
        Snap s = snap();
        for (int i = 0; i < 2000; i++) {
            s.pushed("ci" + i, (i + 2) + "h", "sha-" + i, "sha-" + i + "-full");
        }
        for (int i = 0; i < 200; i++) {
            s.index("rel" + i, (i + 2) + "d", "rel" + i + "-amd64", "rel" + i + "-arm64")
                    .image("rel" + i + "-amd64", (i + 2) + "d").image("rel" + i + "-arm64", (i + 2) + "d");
            for (String t : new String[]{"1." + i + ".0", "1." + i, "sha-r" + i, "pr-" + i, "1." + i + ".0-full"}) {
                s.tag(t, "rel" + i, (i + 2) + "d");
            }
        }
        RegistrySnapshot snapshot = s.build();
        RetentionPolicy policy = RetentionPolicy.builder().candidates("sha-*", "pr-*").keepLast(100).keepWithin(Duration.ofDays(7))
                .gracePeriod(Duration.ofHours(1)).untagged(true).build();
        assertEquals(5000, snapshot.tags().size());

        long best = Long.MAX_VALUE;
        RetentionPlan plan = null;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            plan = RetentionPlanner.decide(snapshot, policy, DeploymentInventory.NONE, CLOCK);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("[measure] RetentionPlanner.decide: 5,000 tags, %d manifests -> %d decisions in %.1f ms (best of 5)%n",
                snapshot.manifests().size(), plan.decisions().size(), best / 1e6);

        assertEquals(5000 + 2600, plan.decisions().size());
        // ci<i> was pushed i+2 hours ago: keep-within 7d (168h, inclusive) keeps ci0..ci166, keep-last 100 lies inside
        // that window; releases stay (their 1.x tags are not candidates, so their sha-r/pr tags are shared-digest skips)
        assertEquals(2000 - 167, plan.deletedDigests().size());
        assertEquals(2 * (2000 - 167), plan.deletedTags().size());
        // releases pushed within 7d (rel0..rel5) are retained outright; the other 194 keep their digest through 1.x only
        assertEquals(2 * (200 - 6), plan.decisions().stream().filter(d -> d.decision() == PruneDecision.Verdict.SKIPPED).count());
    }
}
