package dev.tagline.bench;

import dev.tagline.bench.infra.Managed;
import dev.tagline.bench.infra.Stack;
import dev.tagline.bench.report.Figure;
import dev.tagline.bench.report.Report;
import dev.tagline.bench.report.Target;
import dev.tagline.bench.runs.Context;
import dev.tagline.bench.runs.IncrementalRun;
import dev.tagline.bench.runs.LatencyRun;
import dev.tagline.bench.runs.Options;
import dev.tagline.bench.runs.Pipeline;
import dev.tagline.bench.runs.PruneRun;
import dev.tagline.bench.runs.ReplayRun;
import dev.tagline.bench.runs.RetagRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./tagline bench} (bench/run): the six measurements of issue 6, each against a baseline
 * measured in the same run, printed as a table and written to bench/results/latest.json.
 * Exit 0 when every figure was measured (PASS or MISS), 1 when the harness itself broke, 2 on bad usage.
 */
public final class Bench {
    static final List<String> RUNS = List.of("replay", "latency", "retag", "incremental", "prune", "memory");
    /** The services' documented JVM flags (root pom's jib jvmFlags, the service images'; under 300 MB is the aim). */
    static final List<String> SERVICE_FLAGS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx160m", "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");
    private static final long START = System.nanoTime();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Options options = Options.defaults();
        Set<String> only = new LinkedHashSet<>(RUNS);
        Path out = Path.of("bench/results/latest.json");
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> options = Options.quick();
                case "--replay-events" -> options = options.withReplayEvents(Integer.parseInt(args[++i]));
                case "--warmup-tags" -> options = options.withWarmupTags(Integer.parseInt(args[++i]));
                case "--broker-warmup-seconds" -> options = options.withBrokerWarmupSeconds(Integer.parseInt(args[++i]));
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--out" -> out = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "-h", "--help" -> {
                    System.out.println("usage: bench/run [--quick] [--only replay,latency,retag,incremental,prune,memory] "
                            + "[--replay-events N] [--warmup-tags N] [--broker-warmup-seconds N] [--out FILE] [--keep]   (see bench/README.md)");
                    return 0;
                }
                default -> {
                    System.err.println("bench: unknown option '" + args[i] + "' (try --help)");
                    return 2;
                }
            }
        }
        if (!RUNS.containsAll(only)) {
            System.err.println("bench: --only takes " + String.join(",", RUNS));
            return 2;
        }
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("tagline-bench-");
        String flagsEnv = System.getenv("TAGLINE_SERVICE_JAVA_OPTS");
        List<String> flags = flagsEnv == null || flagsEnv.isBlank() ? SERVICE_FLAGS : List.of(flagsEnv.trim().split("\\s+"));
        Report report = new Report(machine(options, flags));
        Context ctx = new Context(new Stack(root, work, flags), options, report, System.getProperty("java.class.path"));
        log("work directory " + work + " (logs in " + work.resolve("logs") + ")");

        Path policies = work.resolve("policies");
        ReplayRun.writePolicies(policies, "127.0.0.1:1");
        if (only.contains("replay") || only.contains("memory")) {
            log("run 1: planner replay throughput, " + options.replayEvents() + " events (own broker)");
            attempt(ctx, List.of("replay.throughput"), "bench/run --only replay", () -> ReplayRun.run(ctx, policies));
        }
        boolean needPipeline = only.stream().anyMatch(r -> !r.equals("replay"));
        if (needPipeline) {
            log("starting the pipeline: broker, registry, four services");
            Pipeline p = null;
            try {
                p = LatencyRun.start(ctx, policies);
            } catch (Exception e) {
                for (String r : only) {
                    if (!r.equals("replay")) {
                        report.add(Figure.failed(r, titleFor(r), "bench/run --only " + r, "the pipeline did not start: " + e.getMessage()));
                    }
                }
            }
            if (p != null) {
                try (Pipeline pipeline = p) {
                    Thread.sleep(5000);
                    for (var e : pipeline.services.entrySet()) {
                        ctx.rss.put(e.getKey() + "/idle", e.getValue().process().rssMb());
                    }
                    boolean needLatency = only.contains("latency") || only.contains("retag") || only.contains("incremental");
                    boolean latencyOk = true;
                    if (needLatency) {
                        log("run 2: tag -> registry latency, " + options.latencyTags() + " tags after " + options.warmupTags() + " warm-up tags, each followed by jib-core's push of the same version");
                        latencyOk = attempt(ctx, List.of("latency.p50"), "bench/run --only latency", () -> LatencyRun.run(ctx, pipeline));
                    }
                    if (only.contains("retag")) {
                        log("run 3: retag " + options.retagTags() + " tags, then skopeo copy");
                        attemptAfter(latencyOk, ctx, "retag.time", "bench/run --only retag", () -> RetagRun.run(ctx, pipeline));
                    }
                    if (only.contains("incremental")) {
                        log("run 5: incremental rebuild");
                        attemptAfter(latencyOk, ctx, "incremental.bytes", "bench/run --only incremental", () -> IncrementalRun.run(ctx, pipeline));
                    }
                    if (only.contains("prune")) {
                        log("run 4: pruning " + options.pruneTags() + " tags, skopeo loop, floor, decision for " + options.decisionTags() + " tags");
                        attempt(ctx, List.of("prune.vsFloor"), "bench/run --only prune", () -> PruneRun.run(ctx, pipeline));
                    }
                    for (var e : pipeline.services.entrySet()) {
                        ctx.rss.put(e.getKey() + "/after runs 2-5", e.getValue().process().rssMb());
                    }
                }
            }
        }
        if (only.contains("memory")) {
            log("run 6: memory (RSS) against an idle JVM with the same flags");
            attempt(ctx, List.of("memory"), "bench/run --only memory", () -> memory(ctx));
        }
        report.put("elapsedSeconds", (System.nanoTime() - START) / 1_000_000_000L);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.json());
        System.out.println();
        System.out.println("tagline bench " + report.json().lines().filter(l -> l.contains("\"date\"")).findFirst().orElse("").trim());
        System.out.print(report.text());
        System.out.println("raw figures: " + out + "   (took " + (System.nanoTime() - START) / 1_000_000_000L + " s)");
        if (!keep && !report.anyError()) {
            deleteTree(work);
        } else {
            System.out.println("work directory and logs kept: " + work);
        }
        return report.anyError() ? 1 : 0;
    }

    private static void memory(Context ctx) throws Exception {
        double idleJvm;
        try (Managed idle = ctx.stack.idleJvm(ctx.classpath)) {
            Thread.sleep(3000);
            idleJvm = idle.rssMb();
        }
        String flags = String.join(" ", ctx.stack.serviceFlags());
        for (var e : ctx.rss.entrySet()) {
            String[] parts = e.getKey().split("/", 2);
            ctx.report.add(Figure.measured("memory." + parts[0] + "." + parts[1].replace(' ', '-'), "6 RSS " + parts[0] + " " + parts[1],
                    "MB", e.getValue(), "idle JVM", idleJvm, Target.valueBelow(300, "< 300 MB"),
                    "bench/run --only memory", Map.of("source", "/proc/<pid>/status VmRSS", "jvmFlags", flags)));
        }
        if (ctx.rss.isEmpty()) {
            throw new IllegalStateException("no service was running to measure");
        }
    }

    /** "3 retag.time": failed figures keep their place in the table (titles start with the run's number). */
    static String titleFor(String id) {
        String run = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        int number = switch (run) {
            case "replay" -> 1;
            case "latency" -> 2;
            case "retag" -> 3;
            case "prune" -> 4;
            case "incremental" -> 5;
            default -> 6;
        };
        return number + " " + id;
    }

    interface Step {
        void run() throws Exception;
    }

    private static boolean attempt(Context ctx, List<String> ids, String command, Step step) {
        int before = ctx.report.figures().size();
        long t0 = System.nanoTime();
        try {
            step.run();
            log("  done in " + (System.nanoTime() - t0) / 1_000_000_000L + " s");
            return true;
        } catch (Exception | AssertionError e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            log("  FAILED: " + message);
            if (ctx.report.figures().size() == before) {
                ctx.report.add(Figure.failed(ids.get(0), titleFor(ids.get(0)), command, message));
            } else {
                ctx.report.note(ids.get(0) + " partly failed: " + message);
            }
            return false;
        }
    }

    private static void attemptAfter(boolean dependencyOk, Context ctx, String id, String command, Step step) {
        if (!dependencyOk) {
            ctx.report.add(Figure.failed(id, titleFor(id), command, "needs run 2's images, and run 2 failed"));
            return;
        }
        attempt(ctx, List.of(id), command, step);
    }

    private static Map<String, Object> machine(Options options, List<String> flags) throws IOException, InterruptedException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> l.replaceAll("\\s+", " ").substring(10)).findFirst().orElse("?"));
        m.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?"));
        Process p = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
        m.put("java", new String(p.getInputStream().readAllBytes()).lines().toList());
        p.waitFor();
        m.put("serviceJvmFlags", String.join(" ", flags));
        Map<String, Object> scale = new LinkedHashMap<>();
        scale.put("replayEvents", options.replayEvents());
        scale.put("replayEventsAsked", 100_000);
        scale.put("latencyTags", options.latencyTags());
        scale.put("retagTags", options.retagTags());
        scale.put("pruneTags", options.pruneTags());
        scale.put("decisionTags", options.decisionTags());
        m.put("scale", scale);
        return m;
    }

    static void log(String message) {
        long s = (System.nanoTime() - START) / 1_000_000_000L;
        System.err.printf("[bench %02d:%02d] %s%n", s / 60, s % 60, message);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans it eventually
        }
    }
}
