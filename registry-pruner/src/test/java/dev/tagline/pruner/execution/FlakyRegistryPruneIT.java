package dev.tagline.pruner.execution;

import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.pruner.history.PushTimes;
import dev.tagline.pruner.retention.DeploymentInventory;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.pruner.retention.RetentionPlanner;
import dev.tagline.pruner.snapshot.SnapshotReader;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.FlakyProxy;
import dev.tagline.testkit.FlakyProxy.Fault;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An applied run through a load balancer that refuses one request in five (503) and loses the answer of one in seven
 * (502 after the registry acted, deletes included): nothing kept is touched, every decision is audited as what happened
 * (a delete whose answer was lost is DELETED), a run leaves what it could not re-resolve or delete (never deletes it
 * blind), and the runs that follow delete each expired image once.
 */
class FlakyRegistryPruneIT {
    private static final int CI_IMAGES = 20;

    @Test
    void anAppliedRunThroughAFlakyLoadBalancerDeletesWhatItWouldWithoutIt() throws Exception {
        LocalRegistry registry = LocalRegistry.shared();
        String name = "acme/flaky-prune-" + UUID.randomUUID().toString().substring(0, 8);
        try (FlakyProxy proxy = FlakyProxy.start(registry.hostPort(), n -> n % 5 == 2 ? Fault.REFUSE : n % 7 == 3 ? Fault.LOSE_ANSWER : Fault.NONE);
             RegistryClient flaky = RegistryClient.builder().insecureRegistries(Set.of(proxy.hostPort())).build();
             RegistryClient direct = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
            ImageRepository stored = ImageRepository.of(registry.hostPort(), name);
            ImageRepository viaProxy = ImageRepository.of(proxy.hostPort(), name);
            List<Digest> ci = new ArrayList<>();
            for (int i = 0; i < CI_IMAGES; i++) {
                ci.add(TestImagesAccess.pushTagged(direct, stored, "flaky-ci-" + i, String.format("sha-c%06x", i)));
            }
            Digest release = TestImagesAccess.pushTagged(direct, stored, "flaky-rel", "sha-cafe000", "3.0.0");

            // a run skips what it cannot re-resolve or verify (a request failing four times over): the next run, as the
            // service's schedule makes it, takes it up; nothing kept is ever touched
            RetentionPolicy policy = RetentionPolicy.builder().candidates("sha-*").keepLast(0).gracePeriod(Duration.ZERO).build();
            List<ExecutionReport> reports = new ArrayList<>();
            int refused = 0;
            for (int run = 1; run <= 6 && ci.stream().anyMatch(d -> present(direct, stored, d)); run++) {
                RetentionPlan plan;
                try {
                    plan = RetentionPlanner.decide(new SnapshotReader(flaky, PushTimes.NONE, 4, true, null).read(viaProxy),
                            policy, DeploymentInventory.NONE, Clock.systemUTC());
                } catch (SnapshotReader.SnapshotException | dev.tagline.pruner.retention.IncompleteSnapshotException e) {
                    refused++; // a manifest or referrer list unread four times over: no plan on an incomplete picture
                    continue;
                }
                List<PruneAudit> audits = new CopyOnWriteArrayList<>();
                ExecutionReport report = new PruneExecutor(flaky, new LocalRunLock(), audits::addAll, Clock.systemUTC(), s -> { })
                        .apply(viaProxy, plan, true, "run-flaky-" + run, null);
                reports.add(report);
                assertEquals(plan.decisions().size(), audits.stream().filter(a -> !a.intent()).count(), "every decision audited once");
                // what the run audits is what happened: a delete whose answer was lost is DELETED, not a failure the
                // verification contradicts
                assertTrue(report.verified(), report.summary());
                assertTrue(direct.resolve(stored, release).isPresent(), "the release is never touched\n" + report.summary());
            }

            assertTrue(proxy.refused() > 0 && proxy.lostAnswers() > 0, proxy.refused() + " refused, " + proxy.lostAnswers() + " lost");
            assertTrue(!reports.isEmpty(), refused + " runs refused on an incomplete snapshot, none ran");
            for (Digest d : ci) {
                assertFalse(present(direct, stored, d), d + " deleted after " + reports.size() + " run(s), " + refused + " refused\n"
                        + reports.get(reports.size() - 1).summary());
            }
            assertTrue(direct.resolve(stored, ImageTag.parse("3.0.0")).isPresent());
            assertEquals(CI_IMAGES, reports.stream().mapToLong(r -> r.count(false, Verdict.DELETED)).sum(), "each image deleted once");
        }
    }

    private static boolean present(RegistryClient client, ImageRepository repo, Digest digest) {
        try {
            return client.resolve(repo, digest).isPresent();
        } catch (dev.tagline.registry.RegistryException e) {
            throw new IllegalStateException(e);
        }
    }
}
