package dev.tagline.planner.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.ExitCode;
import dev.tagline.cli.JsonOutput;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.TaglineVersion;
import dev.tagline.cli.UsageError;
import dev.tagline.planner.planning.Decision;
import dev.tagline.planner.planning.PlanRequest;
import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.InvalidValueException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code tagline plan}: the tags and labels one ref gets under a release policy, without Kafka or a
 * registry. Exit 0 (also when nothing is built), 2 for a bad policy, a bad history file or bad flags.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = TaglineVersion.class, sortOptions = false,
        description = "Shows the tags and labels a ref would get under a release policy (no Kafka, no registry).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned (also when nothing is built)", "2:usage: bad flags, a bad policy or history file"})
public final class Cli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "the repository's release policy (YAML)")
    Path policy;

    @Option(names = "--ref", required = true, paramLabel = "REF", description = "a full ref: refs/tags/v1.2.3, refs/heads/main, refs/pull/42/head")
    String ref;

    @Option(names = "--sha", required = true, paramLabel = "SHA", description = "the full commit (40 or 64 hex)")
    String sha;

    @Option(names = "--event", paramLabel = "EVENT",
            description = "metadata-action's event name: push (default), pull_request (default for pull refs), schedule, workflow_dispatch, ...")
    String event;

    @Option(names = "--default-branch", paramLabel = "NAME", description = "overrides the policy's default branch")
    String defaultBranch;

    @Option(names = "--commit-time", paramLabel = "ISO-8601", description = "the commit's time (default: --now)")
    String commitTime;

    @Option(names = "--at", paramLabel = "ISO-8601",
            description = "the event's time, which {{date}} renders: a schedule's slot (--at 2026-03-01T00:00:00Z --event schedule), "
                    + "else the commit time (default: --commit-time, else now)")
    String at;

    @Option(names = "--now", paramLabel = "ISO-8601", description = "the same as --at (its former name)")
    String now;

    @Option(names = "--history", paramLabel = "FILE", description = "a JSON array of versions already released, e.g. [\"1.2.0\", \"1.1.3\"]")
    Path history;

    @Mixin
    OutputOptions output;

    /** Runs {@code plan ...} as {@code ./tagline plan ...} does; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.run(List.of(new Cli()), args, out, err);
    }

    @Override
    public Integer call() {
        ReleasePolicy parsed;
        try {
            parsed = PolicyParser.parse(policy);
        } catch (InvalidPolicyException e) {
            throw new UsageError("invalid policy: " + CommandLines.oneLine(e.getMessage()));
        }
        GitRef gitRef;
        try {
            gitRef = GitRef.parse(ref);
        } catch (InvalidValueException e) {
            throw new UsageError("--ref: " + CommandLines.oneLine(e.getMessage()) + " (e.g. refs/tags/v1.2.3, refs/heads/main, refs/pull/42/head)");
        }
        CommitSha commit;
        try {
            commit = CommitSha.parse(sha);
        } catch (InvalidValueException e) {
            throw new UsageError("--sha: " + CommandLines.oneLine(e.getMessage()));
        }
        String eventName = event != null ? event : gitRef.isPullRequest() ? "pull_request" : "push";
        if (eventName.isBlank()) {
            throw new UsageError("--event must not be empty");
        }
        Instant committed0 = commitTime != null ? instant(commitTime, "--commit-time") : null;
        Instant eventTime = at != null ? instant(at, "--at") : now != null ? instant(now, "--now")
                : committed0 != null ? committed0 : Instant.now();
        Instant committed = committed0 != null ? committed0 : eventTime;
        ReleaseHistory released = history != null ? history(history) : ReleaseHistory.empty();
        RefChange change = eventName.contains("schedule") ? RefChange.SCHEDULED : RefChange.CREATED;
        PlanRequest request = new PlanRequest(gitRef, change, eventName, commit, committed, eventTime, defaultBranch, null, null);
        Decision d;
        try {
            d = TagPlanner.decide(request, parsed, released);
        } catch (InvalidPolicyException e) {
            throw new UsageError("invalid policy: " + policy.getFileName() + ": " + CommandLines.oneLine(e.getMessage()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? JsonOutput.pretty(json(d)) : text(d));
        out.flush();
        return ExitCode.OK;
    }

    static Map<String, Object> json(Decision d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", d.version());
        List<String> all = new ArrayList<>();
        List<Object> variants = new ArrayList<>();
        for (Decision.Variant v : d.variants()) {
            all.addAll(v.references());
            Map<String, Object> variant = new LinkedHashMap<>();
            variant.put("name", v.spec().name());
            variant.put("tags", v.references());
            variant.put("labels", new TreeMap<>(v.labels()));
            variant.put("platforms", v.spec().platforms().stream().map(Object::toString).toList());
            variants.add(variant);
        }
        json.put("tags", all);
        json.put("labels", new TreeMap<>(d.labels()));
        json.put("variants", variants);
        return json;
    }

    static String text(Decision d) {
        StringBuilder s = new StringBuilder();
        if (d.variants().isEmpty()) {
            s.append("nothing to build").append(d.skipReason() == null ? "" : ": " + d.skipReason()).append('\n');
            return s.toString();
        }
        s.append("version ").append(d.version().isEmpty() ? "(none)" : d.version()).append('\n');
        for (Decision.Variant v : d.variants()) {
            s.append("variant ").append(v.spec().name()).append("  ")
                    .append(String.join(", ", v.spec().platforms().stream().map(Object::toString).toList())).append('\n');
            v.references().forEach(r -> s.append("  ").append(r).append('\n'));
        }
        s.append("labels\n");
        new TreeMap<>(d.labels()).forEach((k, v) -> s.append("  ").append(k).append('=').append(v).append('\n'));
        return s.toString();
    }

    private static ReleaseHistory history(Path file) {
        Object parsed;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            parsed = new Yaml(new LoaderOptions()).load(text);
        } catch (IOException e) {
            throw new UsageError("--history: cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new UsageError("--history: " + file + " is not JSON: " + CommandLines.oneLine(e.getMessage()));
        }
        if (!(parsed instanceof List<?> list)) {
            throw new UsageError("--history: " + file + " must hold a JSON array of versions, e.g. [\"1.2.0\", \"1.1.3\"]");
        }
        List<String> versions = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new UsageError("--history: " + file + ": every entry must be a version string, found " + o);
            }
            versions.add(s);
        }
        try {
            return ReleaseHistory.ofVersions(versions);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--history: " + file + ": " + e.getMessage());
        }
    }

    private static Instant instant(String value, String flag) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e2) {
                throw new UsageError(flag + " '" + value + "' is not an ISO-8601 time such as 2024-05-01T12:00:00Z");
            }
        }
    }
}
