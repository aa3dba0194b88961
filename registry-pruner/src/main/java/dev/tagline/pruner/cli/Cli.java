package dev.tagline.pruner.cli;

import dev.tagline.schema.json.JsonText;

import dev.tagline.pruner.execution.AuditSink;
import dev.tagline.pruner.execution.DeletesDisabledException;
import dev.tagline.pruner.execution.ExecutionReport;
import dev.tagline.pruner.execution.LocalRunLock;
import dev.tagline.pruner.execution.PruneExecutor;
import dev.tagline.pruner.execution.RunLock;
import dev.tagline.pruner.history.PushHistory;
import dev.tagline.pruner.history.PushTimes;
import dev.tagline.pruner.inventory.Inventories;
import dev.tagline.pruner.json.SnapshotJson;
import dev.tagline.pruner.retention.DeploymentInventory;
import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.pruner.retention.IncompleteSnapshotException;
import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.pruner.retention.RetentionPlanner;
import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.pruner.service.KafkaAudits;
import dev.tagline.pruner.service.PushHistoryLoader;
import dev.tagline.pruner.snapshot.SnapshotReader;
import dev.tagline.registry.EnvCredentials;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.InvalidValueException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./tagline prune snapshot|plan|run}. Exit 0 on success, 2 for bad usage or a refusal (a snapshot
 * with an unreadable manifest, a bad policy, deletes disabled, another run in progress), 1 for other
 * failures (registry unreachable, verification failed).
 */
public final class Cli {
    static final String USAGE = """
            usage:
              prune snapshot --registry URL --repository NAME [--insecure] [--kafka BOOTSTRAP] [--no-referrers] > snapshot.json
              prune plan (--policy FILE | --ecr-policy FILE) --snapshot FILE [--inventory FILE|URL] [--now ISO-8601]
              prune run --registry URL --repository NAME (--policy FILE | --ecr-policy FILE) [--inventory FILE|URL]
                        [--apply] [--insecure] [--kafka BOOTSTRAP] [--json] [--progress] [--recheck all|moved] [--untag-by-dummy]
            Dry-run is the default: only 'prune run --apply' changes the registry.""";

    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> a = List.of(args);
        if (!a.isEmpty() && a.get(0).equals("prune")) {
            a = a.subList(1, a.size());
        }
        if (a.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        if (List.of("help", "--help", "-h").contains(a.get(0)) || (a.size() > 1 && List.of("--help", "-h").contains(a.get(1)))) {
            out.println(USAGE);
            return 0;
        }
        Map<String, String> opts;
        try {
            opts = options(a.subList(1, a.size()));
        } catch (IllegalArgumentException e) {
            err.println("prune: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (a.get(0)) {
                case "snapshot" -> snapshot(opts, out, err);
                case "plan" -> plan(opts, out, err);
                case "run" -> runCommand(opts, out, err);
                default -> {
                    err.println("prune: unknown command '" + a.get(0) + "'");
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (UsageException | InvalidPolicyException | InvalidValueException e) {
            err.println("prune: " + e.getMessage());
            return 2;
        } catch (IncompleteSnapshotException e) {
            err.println("prune: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("prune: " + e.getMessage());
            return 1;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final Set<String> FLAGS = Set.of("--insecure", "--apply", "--json", "--no-referrers", "--progress", "--untag-by-dummy");

    static Map<String, String> options(List<String> args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String k = args.get(i);
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + k + "'");
            }
            if (k.contains("=")) {
                opts.put(k.substring(0, k.indexOf('=')), k.substring(k.indexOf('=') + 1));
            } else if (FLAGS.contains(k)) {
                opts.put(k, "true");
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(k + " needs a value");
                }
                opts.put(k, args.get(++i));
            }
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null || v.isBlank()) {
            throw new UsageException(key + " is required\n" + USAGE);
        }
        return v;
    }

    static ImageRepository repository(Map<String, String> opts) {
        String registry = required(opts, "--registry").replaceFirst("^https?://", "").replaceAll("/+$", "");
        return ImageRepository.of(registry, required(opts, "--repository"));
    }

    static RegistryClient client(Map<String, String> opts, ImageRepository repo) {
        RegistryClient.Builder b = RegistryClient.builder().credentials(EnvCredentials.fromSystem());
        if (opts.containsKey("--insecure") || opts.get("--registry").startsWith("http://")) {
            b.insecureRegistries(Set.of(repo.registry()));
        }
        return b.build();
    }

    /** {@code --recheck all} (default): re-resolve every tag before deleting; {@code moved}: only new ones (tagline is the only writer). */
    static PruneExecutor.Recheck recheck(Map<String, String> opts) {
        String v = opts.getOrDefault("--recheck", "all");
        return switch (v) {
            case "all" -> PruneExecutor.Recheck.ALL;
            case "moved" -> PruneExecutor.Recheck.MOVED;
            default -> throw new UsageException("--recheck is 'all' or 'moved', not '" + v + "'");
        };
    }

    private static PushTimes pushTimes(Map<String, String> opts, PrintStream err) {
        String bootstrap = opts.get("--kafka");
        if (bootstrap == null) {
            return PushTimes.NONE;
        }
        PushHistory history = new PushHistory();
        int n = PushHistoryLoader.load(bootstrap, history, Duration.ofSeconds(30));
        err.println("prune: push history: " + n + " build results read from " + bootstrap);
        return history;
    }

    private static int snapshot(Map<String, String> opts, PrintStream out, PrintStream err) throws IOException {
        ImageRepository repo = repository(opts);
        try (RegistryClient client = client(opts, repo)) {
            RegistrySnapshot s = new SnapshotReader(client, pushTimes(opts, err), 8, !opts.containsKey("--no-referrers"), progress(opts, err)).read(repo);
            out.print(SnapshotJson.write(s));
            java.util.Set<dev.tagline.schema.value.Digest> have = s.manifestsByDigest().keySet();
            long missingChildren = s.manifests().stream().flatMap(m -> m.children().stream()).filter(c -> !have.contains(c)).count();
            if (missingChildren > 0) {
                err.println("prune: " + missingChildren + " index child(ren) are listed but missing from the registry (partial indexes): tolerated, reported by 'prune plan'");
            }
            if (!s.tagsWithoutManifest().isEmpty()) {
                err.println("prune: " + s.tagsWithoutManifest().size() + " tag(s) point at manifests that could not be read: 'prune plan' will refuse this snapshot");
            }
            return 0;
        } catch (SnapshotReader.SnapshotException e) {
            err.println("prune: " + e.getMessage());
            return e instanceof SnapshotReader.UnreadableTagsException ? 2 : 1;
        }
    }

    private static int plan(Map<String, String> opts, PrintStream out, PrintStream err) throws IOException {
        String snapshotFile = required(opts, "--snapshot");
        RegistrySnapshot s = SnapshotJson.read(Files.readString(Path.of(snapshotFile)), snapshotFile);
        RetentionPlan plan = decide(s, opts);
        out.print(SnapshotJson.writePlan(plan));
        return 0;
    }

    static RetentionPlan decide(RegistrySnapshot s, Map<String, String> opts) throws IOException {
        Clock clock = clock(opts);
        DeploymentInventory inventory = Inventories.load(opts.get("--inventory"));
        if (opts.containsKey("--ecr-policy")) {
            String file = opts.get("--ecr-policy");
            EcrLifecyclePolicy ecr = EcrLifecyclePolicy.parse(RetentionPolicyParser.load(Files.readString(Path.of(file)), file), file);
            return RetentionPlanner.decide(s, ecr, inventory, clock);
        }
        String file = opts.get("--policy");
        if (file == null) {
            throw new UsageException("--policy FILE or --ecr-policy FILE is required");
        }
        return RetentionPlanner.decide(s, RetentionPolicyParser.parse(Files.readString(Path.of(file)), file), inventory, clock);
    }

    private static Clock clock(Map<String, String> opts) {
        String now = opts.get("--now");
        if (now == null) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Clock.fixed(java.time.OffsetDateTime.parse(now).toInstant(), ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new UsageException("--now '" + now + "' is not an ISO-8601 instant such as 2026-11-22T12:00:00Z");
            }
        }
    }

    /**
     * On a terminal (or with --progress): counters like {@code [12/132] deleted ...} rewrite one status
     * line, everything else is a line of its own; on stderr, so stdout stays clean JSON or summary.
     */
    private static java.util.function.Consumer<String> progress(Map<String, String> opts, PrintStream err) {
        boolean terminal = System.console() != null;
        if (!terminal && !opts.containsKey("--progress")) {
            return line -> { };
        }
        boolean[] open = {false};
        return line -> {
            synchronized (open) {
                boolean counter = line.startsWith("[") && !line.contains("skipped") && !line.contains("FAILED");
                if (terminal && counter) {
                    String shown = line.length() > 120 ? line.substring(0, 117) + "..." : line;
                    err.print("\r\033[2K  " + shown);
                    open[0] = true;
                } else {
                    if (open[0]) {
                        err.println();
                        open[0] = false;
                    }
                    err.println("  " + line);
                }
                err.flush();
            }
        };
    }

    private static int runCommand(Map<String, String> opts, PrintStream out, PrintStream err) throws IOException {
        ImageRepository repo = repository(opts);
        boolean apply = opts.containsKey("--apply");
        String runId = "run-" + UUID.randomUUID();
        try (RegistryClient client = client(opts, repo)) {
            var progress = progress(opts, err);
            RegistrySnapshot s;
            PruneExecutor.Recheck recheck = recheck(opts);
            PushTimes pushTimes = pushTimes(opts, err);
            java.time.Instant snapshotStarted = java.time.Instant.now();
            long t0 = System.nanoTime();
            try {
                s = new SnapshotReader(client, pushTimes, 8, !opts.containsKey("--no-referrers"), progress).read(repo);
            } catch (SnapshotReader.SnapshotException e) {
                err.println("prune: " + e.getMessage() + (e.getMessage().contains("nothing will be deleted") ? "" : "; nothing was deleted"));
                return e instanceof SnapshotReader.UnreadableTagsException ? 2 : 1;
            }
            long t1 = System.nanoTime();
            RetentionPlan plan = decide(s, opts);
            long t2 = System.nanoTime();
            String timing = String.format("  read %d tags and %d manifests in %d ms, decided in %d ms%n",
                    s.tags().size(), s.manifests().size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            AuditSink audits = opts.containsKey("--kafka") ? new KafkaAudits(opts.get("--kafka")) : AuditSink.NONE;
            RunLock lock = new LocalRunLock();
            if (opts.containsKey("--kafka")) {
                lock = LocalRunLock.both(lock, new dev.tagline.pruner.service.KafkaRunLock(opts.get("--kafka"), Duration.ofSeconds(30)));
            }
            PruneExecutor.WrittenTags written = pushTimes instanceof PushHistory h ? h::tagsWrittenSince : PruneExecutor.WrittenTags.NONE;
            ExecutionReport report = new PruneExecutor(client, lock, audits, Clock.systemUTC(), progress)
                    .recheck(recheck, written, snapshotStarted).untagByDummyManifest(opts.containsKey("--untag-by-dummy"))
                    .apply(repo, plan, apply, runId, null);
            if (audits instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a producer after the run; audits were already flushed
                }
            }
            if (opts.containsKey("--json")) {
                Map<String, Object> json = SnapshotJson.planToMap(plan);
                json.put("summary", report.summary() + timing);
                out.print(SnapshotJson.pretty(json));
            } else {
                out.print(report.summary() + timing);
            }
            return report.verified() ? 0 : 1;
        } catch (DeletesDisabledException | RunLock.LockUnavailableException e) {
            err.println("prune: " + e.getMessage());
            return 2;
        }
    }
}
