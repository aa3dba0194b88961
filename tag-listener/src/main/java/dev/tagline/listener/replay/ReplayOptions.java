package dev.tagline.listener.replay;

import dev.tagline.cli.KafkaOptions;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.TaglineCommand;
import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.RepositoryId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** {@code tagline replay}: the flags, turned into a {@link ReplayRequest} and run by {@link ReplayCommand}. */
@Command(name = "replay",
        description = {"Re-emits a repository's logged ref events (git.ref-events) as replays, in log order, so they are planned and built again.",
                "It writes to git.ref-events: --dry-run lists what would be replayed and writes nothing."},
        exitCodeList = {"0:replayed (or listed, with --dry-run)", "1:Kafka failed (re-run with the printed --run-id to finish without duplicates)",
                "2:usage"})
public final class ReplayOptions extends TaglineCommand {
    @Option(names = "--repository", required = true, paramLabel = "ID", description = "the source repository, e.g. github.com/acme/shop")
    String repository;

    @Option(names = "--since", paramLabel = "ISO-8601", description = "only events observed at or after this time or date (default: the whole log)")
    String since;

    @Option(names = "--from-beginning", description = "the whole log (the default; excludes --since)")
    boolean fromBeginning;

    @Option(names = "--rebuild", description = "force rebuilds even where the registry already has the image")
    boolean rebuild;

    @Option(names = "--dry-run", description = "list the events that would be replayed; publish nothing")
    boolean dryRun;

    @Option(names = "--run-id", paramLabel = "ID", description = "the replay run's id; re-running with it publishes only what is missing")
    String runId;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    /** Parses the arguments after {@code replay} (no execution). */
    static ReplayOptions parse(String[] args) {
        ReplayOptions options = new ReplayOptions();
        try {
            new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        return options;
    }

    ReplayRequest toRequest(Map<String, String> env) {
        RepositoryId repo;
        try {
            repo = RepositoryId.of(repository);
        } catch (InvalidValueException e) {
            throw new UsageException("--repository: " + e.getMessage());
        }
        Instant from = since == null ? null : ReplayRequest.instant(since);
        if (from != null && fromBeginning) {
            throw new UsageException("--since and --from-beginning exclude each other");
        }
        if (runId != null && runId.isBlank()) {
            throw new UsageException("--run-id must not be blank");
        }
        return new ReplayRequest(repo, from, rebuild, dryRun, runId, kafka.orDefault(env), output.output());
    }

    @Override
    public Integer call() {
        ReplayRequest request = toRequest(System.getenv());
        return new ReplayCommand(spec.commandLine().getOut(), spec.commandLine().getErr(), System.console() != null, Clock.systemUTC()).run(request);
    }
}
