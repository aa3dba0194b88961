package dev.tagline.bench.runs;

import dev.tagline.bench.infra.Kafka;
import dev.tagline.bench.infra.Managed;
import dev.tagline.bench.infra.Stack;
import dev.tagline.bench.report.Figure;
import dev.tagline.bench.report.Stats;
import dev.tagline.bench.report.Target;
import dev.tagline.git.ReplayWorkload;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run 1: planner replay throughput and live latency. Its own broker; N replayed branch-push events of
 * 24 repositories (each with a release policy) go through tag-planner (Kafka Streams, exactly once)
 * and, alternating chunk by chunk so both see the same machine noise, through the batched bare copy
 * (one exactly-once transaction per poll of up to 1,000 records). Each rate comes from the first
 * and last output record's broker timestamps, so JVM start-up is not counted on either side. Then
 * single live events, one at a time, through each: send to read_committed receipt. The per-record
 * copy (one transaction per record, what tag-planner 0.1 did) runs on a subset as information.
 */
public final class ReplayRun {
    /**
     * A replay spans many repositories. With 4, two of the six partitions carried every event, and Kafka Streams
     * (which balances tasks, not load) could put both on one stream thread; 24 spread over all six partitions.
     */
    static final int REPOSITORIES = 24;
    private static final Duration SIDE_TIMEOUT = Duration.ofSeconds(300);
    private static final int ROUNDS = 4;
    private static final int LATENCY_SAMPLES = 40;
    private static final int PER_RECORD_EVENTS = 2_000;
    static final String COPY_IN = "bench.copy-in";
    static final String COPY_OUT = "bench.copy-out";

    private ReplayRun() {
    }

    public static void run(Context ctx, Path policies) throws Exception {
        int n = ctx.options.replayEvents();
        String cmd = "bench/run --only replay --replay-events " + n;
        Stack.Broker broker = ctx.stack.broker("kafka-replay");
        try {
            Stack.Service planner = ctx.stack.service("tag-planner", Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap(), "TAGLINE_PLANNER_POLICY_DIR", policies.toString(),
                    "TAGLINE_PLANNER_STATE_DIR", ctx.work().resolve("planner-state").toString()));
            Managed copy = null;
            try {
                Stack.awaitHealthy(planner, Duration.ofSeconds(120));
                Kafka.createTopic(broker.bootstrap(), COPY_IN, 6);
                Kafka.createTopic(broker.bootstrap(), COPY_OUT, 6);
                copy = Managed.start("bare-copy", copyCommand(ctx, broker.bootstrap(), "bench-copy", COPY_IN, COPY_OUT,
                        n + LATENCY_SAMPLES, "batched"), Map.of(), ctx.work().resolve("logs/bare-copy.log"));
                List<RefEvent> events = events(n, 0, true);
                Side planned = new Side();
                Side copied = new Side();
                List<Object> rounds = new ArrayList<>();
                try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(broker.bootstrap());
                     Kafka.Reader plans = new Kafka.Reader(broker.bootstrap(), Topics.TAG_PLANS_NAME);
                     Kafka.Reader copies = new Kafka.Reader(broker.bootstrap(), COPY_OUT)) {
                    int chunk = (n + ROUNDS - 1) / ROUNDS;
                    for (int from = 0; from < n; from += chunk) {
                        List<RefEvent> part = events.subList(from, Math.min(n, from + chunk));
                        long p0 = planner.process().cpuMillis();
                        send(producer, Topics.REF_EVENTS_NAME, part);
                        Kafka.Span ps = plans.next(part.size(), SIDE_TIMEOUT);
                        planned.add(ps, planner.process().cpuMillis() - p0);
                        long c0 = copy.cpuMillis();
                        send(producer, COPY_IN, part);
                        Kafka.Span cs = copies.next(part.size(), SIDE_TIMEOUT);
                        copied.add(cs, copy.cpuMillis() - c0);
                        rounds.add(Map.of("events", part.size(), "plannerMs", ps.lastMillis() - ps.firstMillis(),
                                "copyMs", cs.lastMillis() - cs.firstMillis()));
                        if (ps.count() < part.size() || cs.count() < part.size()) {
                            throw new IllegalStateException("round " + rounds.size() + ": " + ps.count() + " plans and " + cs.count()
                                    + " copies of " + part.size() + " events within " + SIDE_TIMEOUT.toSeconds() + " s");
                        }
                    }
                    // live events, one at a time: send, then wait for the read_committed output
                    List<RefEvent> live = events(LATENCY_SAMPLES, n, false);
                    for (RefEvent e : live) {
                        planned.latency.add(roundTrip(producer, Topics.REF_EVENTS_NAME, e, plans));
                        copied.latency.add(roundTrip(producer, COPY_IN, e, copies));
                    }
                }
                ctx.rss.put("tag-planner/after run 1", planner.process().rssMb());
                copy.waitFor(Duration.ofSeconds(30));
                String breakdown = Files.readString(copy.log()).lines().filter(l -> l.startsWith("copied")).findFirst().orElse("");
                double perRecordRate = perRecordCopy(ctx, broker.bootstrap(), events.subList(0, Math.min(n, PER_RECORD_EVENTS)));
                double plannerRate = planned.rate();
                double copyRate = copied.rate();

                Map<String, Object> d = new LinkedHashMap<>();
                d.put("events", n);
                d.put("rounds", rounds);
                d.put("measured", "rounds alternate: a chunk through tag-planner, then the same chunk through the batched copy, so both see "
                        + "the same machine noise; rate = records / (last - first output record timestamp), summed over rounds");
                d.put("transactions", "tag-planner: Kafka Streams exactly_once_v2, one transaction per commit interval (1 s) for a backlog; "
                        + "baseline: one transaction per poll of up to 1,000 records, acks=all, idempotence, offsets in the transaction");
                d.put("bareCopyBreakdown", breakdown);
                d.put("plannerCpuMicrosPerEvent", planned.cpuMillis * 1000 / n);
                d.put("copyCpuMicrosPerEvent", copied.cpuMillis * 1000 / n);
                ctx.report.add(Figure.measured("replay.throughput", "1 planner replay (" + n + " events)", "ev/s",
                        plannerRate, "batched exactly-once copy", copyRate, Target.ratioAtLeast(0.5), cmd, d));
                ctx.report.add(Figure.measured("replay.cpuPerEvent", "1 planner CPU per replayed event", "us",
                        planned.cpuMillis * 1000.0 / n, "batched copy's CPU per event", copied.cpuMillis * 1000.0 / n, null, cmd,
                        Map.of("why", "information: process CPU time (user + system, /proc/<pid>/stat) over the rounds, divided by the "
                                + "events; unlike the rates it hardly moves with the machine's load. Idle time of the rounds counts on both sides")));
                ctx.report.add(Figure.measured("replay.throughputVsPerRecordCopy", "1 planner replay vs per-record copy", "ev/s",
                        plannerRate, "copy, 1 transaction/record (" + Math.min(n, PER_RECORD_EVENTS) + " events)", perRecordRate, null, cmd,
                        Map.of("why", "information: the old baseline, one transaction per record, as tag-planner 0.1 planned")));
                Map<String, Object> latency = new LinkedHashMap<>();
                latency.put("samples", LATENCY_SAMPLES);
                latency.put("plannerP95Ms", Stats.percentile(planned.latency, 95));
                latency.put("copyP95Ms", Stats.percentile(copied.latency, 95));
                latency.put("addedP50Ms", Stats.percentile(planned.latency, 50) - Stats.percentile(copied.latency, 50));
                latency.put("addedP95Ms", Stats.percentile(planned.latency, 95) - Stats.percentile(copied.latency, 95));
                latency.put("measured", "one live event at a time: producer send to read_committed receipt of its plan (or copy)");
                ctx.report.add(Figure.measured("replay.liveLatencyP50", "1 live event through the planner, p50", "ms",
                        Stats.percentile(planned.latency, 50), "batched copy p50", Stats.percentile(copied.latency, 50), null, cmd, latency));
            } finally {
                if (copy != null) {
                    copy.close();
                }
                planner.process().close();
            }
        } finally {
            broker.process().close();
        }
    }

    /** What the rounds measured of one side (tag-planner, or the batched copy), and its live events' round trips. */
    private static final class Side {
        long records;
        long spanMillis;
        long cpuMillis;
        final List<Long> latency = new ArrayList<>();

        /** One round: the span of its output records (the first one starts the clock) and the process's CPU time meanwhile. */
        void add(Kafka.Span span, long cpuMillis) {
            records += span.count() - 1;
            spanMillis += span.lastMillis() - span.firstMillis();
            this.cpuMillis += cpuMillis;
        }

        /** Records per second over the rounds. */
        double rate() {
            return records * 1000.0 / spanMillis;
        }
    }

    private static List<String> copyCommand(Context ctx, String bootstrap, String group, String in, String out, int count, String mode) {
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(ctx.stack.serviceFlags());
        cmd.addAll(List.of("-cp", ctx.classpath, "dev.tagline.bench.BareCopy", bootstrap, group, in, out, Integer.toString(count),
                Long.toString(SIDE_TIMEOUT.toSeconds() * ROUNDS), mode));
        return cmd;
    }

    private static long roundTrip(KafkaProducer<byte[], byte[]> producer, String topic, RefEvent e, Kafka.Reader out) {
        long t0 = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, Topics.REF_EVENTS.key(e), Topics.REF_EVENTS.encode(e)));
        producer.flush();
        Kafka.Span span = out.next(1, Duration.ofSeconds(30));
        if (span.count() < 1) {
            throw new IllegalStateException("no output for a live event on " + topic + " within 30 s");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Release policies of the replayed repositories: every push to main plans sha and branch tags. */
    public static void writePolicies(Path dir, String registry) throws Exception {
        Files.createDirectories(dir);
        for (int r = 0; r < REPOSITORIES; r++) {
            Files.writeString(dir.resolve("replay-" + r + ".yml"),
                    ReplayWorkload.policy(repository(r).value(), registry + "/bench/replay-" + r));
        }
    }

    static RepositoryId repository(int r) {
        return RepositoryId.of("bench.local/replay/r" + r);
    }

    /** Pushes to main, round robin over the repositories, each a new commit; replayed ones when {@code replay}. */
    static List<RefEvent> events(int n, int first, boolean replay) {
        Instant now = Instant.now();
        Instant commitTime = Instant.parse("2026-01-05T09:00:00Z");
        List<RefEvent> events = new ArrayList<>(n);
        for (int i = first; i < first + n; i++) {
            int r = i % REPOSITORIES;
            RefEvent original = RefEvent.create(repository(r), "file:///bench/replay/r" + r, GitRef.branch("main"), RefChange.UPDATED,
                    CommitSha.parse(String.format("%040x", i + 1L)), CommitSha.parse(String.format("%040x", i + 2L)),
                    commitTime.plusSeconds(i), EventSource.POLLER, null, now, "main", null, null);
            events.add(replay ? original.asReplay("bench-replay", false, now) : original);
        }
        return events;
    }

    /** The per-record copy over a subset (own topics): information beside the baseline. */
    private static double perRecordCopy(Context ctx, String bootstrap, List<RefEvent> events) throws Exception {
        Kafka.createTopic(bootstrap, COPY_IN + "-per-record", 6);
        Kafka.createTopic(bootstrap, COPY_OUT + "-per-record", 6);
        try (Managed copy = Managed.start("bare-copy-per-record", copyCommand(ctx, bootstrap, "bench-copy-per-record",
                COPY_IN + "-per-record", COPY_OUT + "-per-record", events.size(), "per-record"), Map.of(),
                ctx.work().resolve("logs/bare-copy-per-record.log"));
             KafkaProducer<byte[], byte[]> producer = Kafka.producer(bootstrap);
             Kafka.Reader out = new Kafka.Reader(bootstrap, COPY_OUT + "-per-record")) {
            send(producer, COPY_IN + "-per-record", events);
            Kafka.Span span = out.next(events.size(), SIDE_TIMEOUT);
            if (span.count() < events.size()) {
                throw new IllegalStateException("the per-record copy copied " + span.count() + " of " + events.size());
            }
            return Stats.ratePerSecond(span.count(), span.firstMillis(), span.lastMillis());
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<RefEvent> events) {
        for (RefEvent e : events) {
            producer.send(new ProducerRecord<>(topic, Topics.REF_EVENTS.key(e), Topics.REF_EVENTS.encode(e)));
        }
        producer.flush();
    }
}
