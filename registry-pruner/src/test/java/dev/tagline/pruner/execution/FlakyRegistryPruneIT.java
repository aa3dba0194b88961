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
 * (502 after the registry acted, deletes included): the snapshot is complete, every expired image goes, nothing kept is
 * touched, and the run verifies and audits as it would without the load balancer.
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

            RetentionPlan plan = RetentionPlanner.decide(new SnapshotReader(flaky, PushTimes.NONE, 4, true, null).read(viaProxy),
                    RetentionPolicy.builder().candidates("sha-*").keepLast(0).gracePeriod(Duration.ZERO).build(),
                    DeploymentInventory.NONE, Clock.systemUTC());
            assertEquals(CI_IMAGES, plan.deletedDigests().size(), "the snapshot through the proxy saw every image");
            List<PruneAudit> audits = new CopyOnWriteArrayList<>();
            ExecutionReport report = new PruneExecutor(flaky, new LocalRunLock(), audits::addAll, Clock.systemUTC(), s -> { })
                    .apply(viaProxy, plan, true, "run-flaky", null);

            assertTrue(proxy.refused() > 0 && proxy.lostAnswers() > 0, proxy.refused() + " refused, " + proxy.lostAnswers() + " lost");
            assertTrue(report.verified(), report.summary());
            assertEquals(CI_IMAGES, report.count(false, Verdict.DELETED), report.summary());
            for (Digest d : ci) {
                assertFalse(direct.resolve(stored, d).isPresent(), d + " deleted");
            }
            assertTrue(direct.resolve(stored, release).isPresent());
            assertTrue(direct.resolve(stored, ImageTag.parse("3.0.0")).isPresent());
            assertEquals(plan.decisions().size(), audits.stream().filter(a -> !a.intent()).count(), "every decision audited once");
        }
    }
}
