package dev.tagline.planner.planning;

import dev.tagline.git.ReplayWorkload;
import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.zip.CRC32C;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: the CPU a replayed event costs in the planner's own code, without Kafka. It plans the events
 * bench figure 1 replays (branch pushes of 24 repositories, each with the bench's release policy) the way
 * the service does (decode the record, plan, encode the plan) and prints microseconds per event for each
 * step, plus a checksum of every plan's bytes so a change can be checked to plan byte for byte the same.
 * Run with the services' flags ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx160m}):
 * {@code java -cp <test classpath> dev.tagline.planner.planning.ReplayCpuHarness [events] [passes]}.
 */
public final class ReplayCpuHarness {
    private static final int REPOSITORIES = 24;
    private static final int CHUNK = 5_000;

    private ReplayCpuHarness() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<ReleasePolicy> policies = new ArrayList<>();
        for (int r = 0; r < REPOSITORIES; r++) {
            policies.add(PolicyParser.parse("replay-" + r + ".yml", policy(r)));
        }
        List<byte[]> records = new ArrayList<>(n);
        for (RefEvent e : events(n)) {
            records.add(Topics.REF_EVENTS.encode(e));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int pass = 1; pass <= passes; pass++) {
            long decode = 0;
            long plan = 0;
            long encode = 0;
            long process0 = os.getProcessCpuTime();
            CRC32C digest = new CRC32C();
            // step by step over chunks, each step timed by the thread's CPU time (the machine is shared: wall time is not)
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                List<RefEvent> events = new ArrayList<>(to - from);
                List<TagPlan> plans = new ArrayList<>(to - from);
                long t0 = threads.getCurrentThreadCpuTime();
                for (int i = from; i < to; i++) {
                    events.add(Topics.REF_EVENTS.decode(records.get(i)));
                }
                long t1 = threads.getCurrentThreadCpuTime();
                for (int i = from; i < to; i++) {
                    plans.add(TagPlanner.plan(events.get(i - from), policies.get(i % REPOSITORIES), ReleaseHistory.empty()).plan());
                }
                long t2 = threads.getCurrentThreadCpuTime();
                List<byte[]> out = new ArrayList<>(2 * (to - from));
                for (TagPlan p : plans) {
                    out.add(Topics.TAG_PLANS.key(p));
                    out.add(Topics.TAG_PLANS.encode(p));
                }
                long t3 = threads.getCurrentThreadCpuTime();
                decode += t1 - t0;
                plan += t2 - t1;
                encode += t3 - t2;
                out.forEach(digest::update);
            }
            long process = os.getProcessCpuTime() - process0;
            System.out.printf("pass %d: thread CPU per event: decode %.2f us, plan %.2f us, encode %.2f us, total %.2f us;"
                            + " process CPU %.2f us per event (digest and GC included); plans crc32c %s%n", pass,
                    decode / 1000.0 / n, plan / 1000.0 / n, encode / 1000.0 / n, (decode + plan + encode) / 1000.0 / n,
                    process / 1000.0 / n, Long.toHexString(digest.getValue()));
            if (pass > 1 || passes == 1) { // the first pass warms up
                best[0] = Math.min(best[0], decode / 1000.0 / n);
                best[1] = Math.min(best[1], plan / 1000.0 / n);
                best[2] = Math.min(best[2], encode / 1000.0 / n);
            }
        }
        System.out.printf("best of passes: decode %.2f us, plan %.2f us, encode %.2f us per event%n", best[0], best[1], best[2]);
    }

    /** bench ReplayRun.writePolicies' policy for repository {@code r}. */
    private static String policy(int r) {
        return ReplayWorkload.policy(repository(r).value(), "127.0.0.1:5000/bench/replay-" + r);
    }

    private static RepositoryId repository(int r) {
        return RepositoryId.of("bench.local/replay/r" + r);
    }

    /** bench ReplayRun.events (replayed), with a fixed clock so the plans' digest is the same from run to run. */
    private static List<RefEvent> events(int n) {
        Instant now = Instant.parse("2026-12-05T08:00:00Z");
        Instant commitTime = Instant.parse("2026-01-05T09:00:00Z");
        List<RefEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int r = i % REPOSITORIES;
            RefEvent original = RefEvent.create(repository(r), "file:///bench/replay/r" + r, GitRef.branch("main"), RefChange.UPDATED,
                    CommitSha.parse(String.format("%040x", i + 1L)), CommitSha.parse(String.format("%040x", i + 2L)),
                    commitTime.plusSeconds(i), EventSource.POLLER, null, now, "main", null, null);
            events.add(original.asReplay("bench-replay", false, now));
        }
        return events;
    }
}
