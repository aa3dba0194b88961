package dev.tagline.bench;

import dev.tagline.pruner.retention.DeploymentInventory;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.pruner.retention.RetentionPlanner;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.schema.value.Digest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Run 4's decision alone: registry-pruner's {@code RetentionPlanner.decide} over a snapshot of N sha-*
 * tags on N images (keepLast N/2), against the least any retention must do: sort the same tags by
 * age and take the older half. Run in its own JVM on registry-pruner.jar. Prints one line per size given:
 * {@code tags=N decisionMs=.. sortMs=.. firstDecisionMs=.. deleted=..}.
 */
public final class DecisionProbe {
    private DecisionProbe() {
    }

    /** One line per size: {@code tags=N decisionMs=..}, so the growth from 5k to 100k tags is visible. */
    public static void main(String[] args) {
        for (String arg : args) {
            probe(Integer.parseInt(arg));
        }
    }

    private static void probe(int n) {
        Instant newest = Instant.parse("2026-03-01T00:00:00Z");
        List<RegistrySnapshot.Tag> tags = new ArrayList<>();
        List<RegistrySnapshot.Manifest> manifests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Digest d = Digest.of("bench image " + i);
            Instant created = newest.minusSeconds(3600L * i);
            tags.add(RegistrySnapshot.Tag.of(String.format("sha-%07x", i), d, created));
            manifests.add(new RegistrySnapshot.Manifest(d, "application/vnd.oci.image.manifest.v1+json", List.of(), null, created, created));
        }
        RegistrySnapshot snapshot = new RegistrySnapshot("127.0.0.1:5000/bench/decision", tags, manifests);
        RetentionPolicy policy = RetentionPolicyParser.parse("""
                retention:
                  candidates: ["sha-*"]
                  keepLast: %d
                  gracePeriod: 0s
                """.formatted(n - n / 2), "bench-decision.yml");
        Clock clock = Clock.fixed(newest.plusSeconds(86_400), ZoneOffset.UTC);

        long c0 = System.nanoTime();
        RetentionPlan first = RetentionPlanner.decide(snapshot, policy, DeploymentInventory.NONE, clock);
        double firstMs = (System.nanoTime() - c0) / 1e6;
        for (int i = 0; i < 3; i++) {
            RetentionPlanner.decide(snapshot, policy, DeploymentInventory.NONE, clock);
            sortOldestHalf(tags);
        }
        double[] decide = new double[5];
        double[] cpu = new double[5];
        double[] sort = new double[5];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            RetentionPlanner.decide(snapshot, policy, DeploymentInventory.NONE, clock);
            decide[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            t0 = System.nanoTime();
            sortOldestHalf(tags);
            sort[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(decide);
        java.util.Arrays.sort(cpu);
        java.util.Arrays.sort(sort);
        System.out.println(String.format(Locale.ROOT, "tags=" + n + " decisionMs=%.2f sortMs=%.3f firstDecisionMs=%.2f deleted=%d decisionCpuMs=%.2f",
                decide[2], sort[2], firstMs, first.deletedDigests().size(), cpu[2]));
    }

    private static List<Digest> sortOldestHalf(List<RegistrySnapshot.Tag> tags) {
        List<RegistrySnapshot.Tag> sorted = new ArrayList<>(tags);
        sorted.sort(Comparator.comparing(RegistrySnapshot.Tag::pushedAt).thenComparing(t -> t.digest().value()));
        return sorted.subList(0, sorted.size() / 2).stream().map(RegistrySnapshot.Tag::digest).toList();
    }
}
