package dev.tagline.pruner.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.Deprecations;
import dev.tagline.cli.ExitCode;
import dev.tagline.cli.InsecureRegistryOptions;
import dev.tagline.cli.JsonOutput;
import dev.tagline.cli.KafkaOptions;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.StatusLine;
import dev.tagline.cli.TaglineCommand;
import dev.tagline.cli.TaglineVersion;
import dev.tagline.cli.UsageError;
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
import dev.tagline.pruner.retention.IncompleteSnapshotException;
import dev.tagline.pruner.retention.PruneDecision;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.pruner.retention.RetentionPlanner;
import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.pruner.service.KafkaAudits;
import dev.tagline.pruner.service.KafkaRunLock;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.common.KafkaException;
import dev.tagline.pruner.service.PushHistoryLoader;
import dev.tagline.pruner.snapshot.SnapshotReader;
import dev.tagline.registry.EnvCredentials;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.InvalidValueException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code tagline prune snapshot|plan|run}. Exit 0 on success, 2 for bad usage or a refusal (a snapshot
 * with an unreadable manifest, a bad policy, deletes disabled, another run in progress), 1 for other
 * failures (registry unreachable, verification failed). Dry-run is the default: only
 * {@code prune run --apply} changes the registry.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = TaglineVersion.class,
        subcommands = {Cli.Snapshot.class, Cli.Plan.class, Cli.Run.class},
        description = {"Removes what a retention policy no longer keeps from a registry repository.",
                "Dry-run is the default: only 'prune run --apply' changes the registry."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed: registry or Kafka unreachable, verification failed",
                "2:usage or refusal: bad flags, bad policy, unreadable manifests, deletes disabled, another run in progress"})
public final class Cli implements Runnable {
    @Spec
    CommandSpec spec;

    /** Runs {@code prune ...} as {@code ./tagline prune ...} does; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.run(List.of(new Cli()), args, out, err);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: snapshot, plan or run");
    }

    /** How long the push history may take to read (the whole of image.build-results). */
    static final Duration HISTORY_TIMEOUT = Duration.ofSeconds(30);

    /** Kafka could not give what the command needs: a failure (exit 1), after which nothing was changed. */
    static final class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(String message) {
            super(message);
        }
    }

    /** The registry side of snapshot and run. */
    static final class Target {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--registry", required = true, paramLabel = "URL",
                description = "the registry, e.g. http://127.0.0.1:5000 (plain http:// marks it insecure) or registry.acme.dev")
        String registry;

        @Option(names = "--repository", required = true, paramLabel = "NAME", description = "the repository in it, e.g. acme/shop")
        String repository;

        @Mixin
        InsecureRegistryOptions insecure;

        @Option(names = "--insecure", hidden = true, description = "deprecated: --insecure-registry HOST[:PORT]")
        void insecure(boolean on) {
            Deprecations.warn(mixee, "--insecure", "--insecure-registry HOST[:PORT] (or an http:// --registry)");
            insecureSwitch = on;
        }

        boolean insecureSwitch;

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--no-referrers", description = "do not look up OCI referrers (signatures, attestations, SBOMs)")
        boolean noReferrers;

        @Option(names = "--progress", description = "progress on stderr also when it is not a terminal")
        boolean progress;

        ImageRepository image() {
            return ImageRepository.of(registry.replaceFirst("^https?://", "").replaceAll("/+$", ""), repository);
        }

        RegistryClient client(ImageRepository repo) {
            RegistryClient.Builder b = RegistryClient.builder().credentials(EnvCredentials.fromSystem());
            Set<String> plain = insecure.registries();
            if (insecureSwitch || registry.startsWith("http://")) {
                plain.add(repo.registry());
            }
            if (!plain.isEmpty()) {
                b.insecureRegistries(plain);
            }
            return b.build();
        }

        /**
         * With {@code --bootstrap-servers}: every push time tagline recorded, read to the end of the topic. A history
         * read partly would make recent pushes of old commits look old, so it fails the command instead.
         */
        PushTimes pushTimes(PrintWriter err) {
            String bootstrap = kafka.given();
            if (bootstrap == null) {
                return PushTimes.NONE;
            }
            PushHistory history = new PushHistory();
            String where = Topics.BUILD_RESULTS_NAME + " from Kafka at " + bootstrap;
            PushHistoryLoader.Loaded loaded;
            try {
                loaded = PushHistoryLoader.read(bootstrap, history, HISTORY_TIMEOUT, null);
            } catch (KafkaException e) {
                throw new KafkaUnavailable("cannot read the push history (" + where + "): " + CommandLines.reason(e));
            }
            if (!loaded.complete()) {
                throw new KafkaUnavailable("the push history (" + where + ") was not read to its end within " + HISTORY_TIMEOUT.toSeconds()
                        + " s (" + loaded.count() + " build results read)");
            }
            err.println(mixee.qualifiedName() + ": push history: " + loaded.count() + " build results read from " + bootstrap);
            return history;
        }
    }

    /** Which rules decide: the retention policy or an ECR lifecycle policy. */
    static final class Policy {
        @Option(names = "--policy", required = true, paramLabel = "FILE", description = "a policy file with a retention section")
        Path policy;

        @Option(names = "--ecr-policy", required = true, paramLabel = "FILE", description = "an Amazon ECR lifecycle policy (JSON)")
        Path ecrPolicy;
    }

    /** What plan and run share: rules, inventory, clock. */
    static final class Deciding {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Policy policy;

        @Option(names = "--inventory", paramLabel = "FILE|URL", description = "what is deployed: digests listed here are kept")
        String inventory;

        @Option(names = "--now", paramLabel = "ISO-8601", description = "the clock (default: now)")
        String now;

        RetentionPlan decide(RegistrySnapshot s) throws IOException {
            Clock clock = clock();
            DeploymentInventory deployed = Inventories.load(inventory);
            if (policy.ecrPolicy != null) {
                String file = policy.ecrPolicy.toString();
                EcrLifecyclePolicy ecr = EcrLifecyclePolicy.parse(RetentionPolicyParser.load(Files.readString(policy.ecrPolicy), file), file);
                return RetentionPlanner.decide(s, ecr, deployed, clock);
            }
            String file = policy.policy.toString();
            return RetentionPlanner.decide(s, RetentionPolicyParser.parse(Files.readString(policy.policy), file), deployed, clock);
        }

        private Clock clock() {
            if (now == null) {
                return Clock.systemUTC();
            }
            try {
                return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return Clock.fixed(OffsetDateTime.parse(now).toInstant(), ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw new UsageError("--now '" + now + "' is not an ISO-8601 instant such as 2026-11-22T12:00:00Z");
                }
            }
        }
    }

    @Command(name = "snapshot",
            description = "Reads the repository's tags, manifests and referrers and prints them as JSON (the input of 'prune plan').",
            exitCodeList = {"0:done", "1:registry or Kafka unreachable", "2:usage, or tags whose manifests could not be read"})
    static final class Snapshot extends TaglineCommand {
        @Mixin
        Target target;

        @Override
        public Integer call() {
            return guarded(() -> {
                PrintWriter out = spec.commandLine().getOut();
                PrintWriter err = spec.commandLine().getErr();
                ImageRepository repo = target.image();
                StatusLine status = StatusLine.onTerminal(err, target.progress);
                try (RegistryClient client = target.client(repo)) {
                    RegistrySnapshot s = new SnapshotReader(client, target.pushTimes(err), 8, !target.noReferrers, progress(status)).read(repo);
                    status.done();
                    out.print(SnapshotJson.write(s));
                    out.flush();
                    Set<Digest> have = s.manifestsByDigest().keySet();
                    long missingChildren = s.manifests().stream().flatMap(m -> m.children().stream()).filter(c -> !have.contains(c)).count();
                    if (missingChildren > 0) {
                        err.println(spec.qualifiedName() + ": " + missingChildren
                                + " index child(ren) are listed but missing from the registry (partial indexes): tolerated, reported by 'prune plan'");
                    }
                    if (!s.tagsWithoutManifest().isEmpty()) {
                        err.println(spec.qualifiedName() + ": " + s.tagsWithoutManifest().size()
                                + " tag(s) point at manifests that could not be read: 'prune plan' will refuse this snapshot");
                    }
                    return ExitCode.OK;
                } catch (SnapshotReader.SnapshotException e) {
                    status.done();
                    err.println(spec.qualifiedName() + ": " + e.getMessage());
                    return e instanceof SnapshotReader.UnreadableTagsException ? ExitCode.USAGE : ExitCode.FAILED;
                }
            });
        }
    }

    @Command(name = "plan",
            description = "Decides what a policy would delete from a snapshot, offline; changes nothing.",
            exitCodeList = {"0:planned", "2:usage: bad flags, a bad policy or snapshot, a snapshot with unreadable manifests"})
    static final class Plan extends TaglineCommand {
        @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "the output of 'prune snapshot'")
        Path snapshot;

        @Mixin
        Deciding deciding;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            return guarded(() -> {
                String file = snapshot.toString();
                RegistrySnapshot s = SnapshotJson.read(Files.readString(snapshot), file);
                RetentionPlan plan = deciding.decide(s);
                PrintWriter out = spec.commandLine().getOut();
                out.print(output.json() ? JsonOutput.pretty(SnapshotJson.planToMap(plan)) : text(plan));
                out.flush();
                return ExitCode.OK;
            });
        }
    }

    @Command(name = "run",
            description = {"Snapshot, plan and (with --apply) delete, then verify.",
                    "Without --apply it is a dry run: it decides, audits and prints, and deletes nothing."},
            exitCodeList = {"0:done (verified)", "1:failed: registry or Kafka unreachable, verification failed",
                    "2:usage or refusal: bad flags, bad policy, unreadable manifests, deletes disabled, another run in progress"})
    static final class Run extends TaglineCommand {
        @Mixin
        Target target;

        @Mixin
        Deciding deciding;

        @Option(names = "--apply", description = "delete from the registry (default: dry run)")
        boolean apply;

        @Option(names = "--recheck", paramLabel = "all|moved",
                description = "before deleting, re-resolve all tags (default) or only those new or moved since the snapshot")
        String recheck = "all";

        @Option(names = "--untag-by-dummy", description = "on registries without tag delete, untag a shared-digest tag by moving it to a throwaway manifest")
        boolean untagByDummy;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            return guarded(this::prune);
        }

        private int prune() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ImageRepository repo = target.image();
            PruneExecutor.Recheck mode = switch (recheck) {
                case "all" -> PruneExecutor.Recheck.ALL;
                case "moved" -> PruneExecutor.Recheck.MOVED;
                default -> throw new UsageError("--recheck is 'all' or 'moved', not '" + recheck + "'");
            };
            String runId = "run-" + UUID.randomUUID();
            String bootstrap = target.kafka.given();
            StatusLine status = StatusLine.onTerminal(err, target.progress);
            Consumer<String> progress = progress(status);
            try (RegistryClient client = target.client(repo)) {
                PushTimes pushTimes;
                try {
                    pushTimes = target.pushTimes(err);
                } catch (KafkaUnavailable e) {
                    err.println(spec.qualifiedName() + ": " + e.getMessage() + "; nothing was deleted");
                    return ExitCode.FAILED;
                }
                Instant snapshotStarted = Instant.now();
                long t0 = System.nanoTime();
                RegistrySnapshot s;
                try {
                    s = new SnapshotReader(client, pushTimes, 8, !target.noReferrers, progress).read(repo);
                } catch (SnapshotReader.SnapshotException e) {
                    status.done();
                    String outcome = e.getMessage().contains("nothing will be deleted") ? "" : "; nothing was deleted";
                    err.println(spec.qualifiedName() + ": " + e.getMessage() + outcome);
                    return e instanceof SnapshotReader.UnreadableTagsException ? ExitCode.USAGE : ExitCode.FAILED;
                }
                long t1 = System.nanoTime();
                RetentionPlan plan = deciding.decide(s);
                long t2 = System.nanoTime();
                String timing = String.format("  read %d tags and %d manifests in %d ms, decided in %d ms%n",
                        s.tags().size(), s.manifests().size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
                AuditSink audits = bootstrap != null ? new KafkaAudits(bootstrap) : AuditSink.NONE;
                RunLock lock = new LocalRunLock();
                if (bootstrap != null) {
                    lock = LocalRunLock.both(lock, new KafkaRunLock(bootstrap, Duration.ofSeconds(30)));
                }
                PruneExecutor.WrittenTags written = pushTimes instanceof PushHistory h ? h::tagsWrittenSince : PruneExecutor.WrittenTags.NONE;
                ExecutionReport report;
                try {
                    report = new PruneExecutor(client, lock, audits, Clock.systemUTC(), progress)
                            .recheck(mode, written, snapshotStarted).untagByDummyManifest(untagByDummy)
                            .apply(repo, plan, apply, runId, null);
                } finally {
                    status.done();
                    if (audits instanceof AutoCloseable c) {
                        try {
                            c.close();
                        } catch (Exception ignored) {
                            // closing a producer after the run; audits were already flushed
                        }
                    }
                }
                if (output.json()) {
                    Map<String, Object> json = SnapshotJson.planToMap(plan);
                    json.put("dryRun", report.dryRun());
                    json.put(report.dryRun() ? "wouldDelete" : "deleted", Map.of(
                            "tags", report.count(true, dev.tagline.pruner.retention.PruneDecision.Verdict.DELETED),
                            "digests", report.count(false, dev.tagline.pruner.retention.PruneDecision.Verdict.DELETED)));
                    json.put("summary", report.summary() + timing);
                    out.print(JsonOutput.pretty(json));
                } else {
                    out.print(report.summary() + timing);
                }
                out.flush();
                return report.verified() ? ExitCode.OK : ExitCode.FAILED;
            } catch (DeletesDisabledException | RunLock.LockUnavailableException e) {
                throw new UsageError(e.getMessage());
            }
        }
    }

    static String text(RetentionPlan plan) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%s: would delete %d digest(s) and %d tag(s); %d tag(s) remain%n", plan.repository(),
                plan.deletedDigests().size(), plan.deletedTags().size(), plan.remainingTags().size()));
        for (PruneDecision d : plan.decisions()) {
            s.append(String.format("  %-7s %-30s %s  %s: %s%n", d.decision(), d.tag() == null ? "-" : d.tag().value(),
                    d.digest().value().length() > 19 ? d.digest().value().substring(0, 19) : d.digest().value(), d.rule(), d.reason()));
        }
        plan.warnings().forEach(w -> s.append("  warning: ").append(w).append('\n'));
        return s.toString();
    }

    /** Counters like {@code [12/132] deleted ...} rewrite one status line; other progress is a line of its own. */
    static Consumer<String> progress(StatusLine status) {
        return line -> {
            boolean counter = line.startsWith("[") && !line.contains("skipped") && !line.contains("FAILED");
            if (counter) {
                status.update(line);
            } else {
                status.line(line);
            }
        };
    }

    private interface Body {
        int run() throws IOException;
    }

    /** Bad policies, bad values and incomplete snapshots are usage (2); I/O trouble is a failure (1). */
    private static int guarded(Body body) {
        try {
            return body.run();
        } catch (InvalidPolicyException | InvalidValueException | IncompleteSnapshotException e) {
            throw new UsageError(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
