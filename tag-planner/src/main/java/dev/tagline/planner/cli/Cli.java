package dev.tagline.planner.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.Deprecations;
import dev.tagline.cli.ExitCode;
import dev.tagline.cli.JsonOutput;
import dev.tagline.cli.TaglineCommand;
import dev.tagline.cli.UsageError;
import dev.tagline.planner.planning.Decision;
import dev.tagline.planner.planning.PlanOutcome;
import dev.tagline.planner.planning.PlanRequest;
import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ImageSpec;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.InvalidValueException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code tagline plan}: the tags and labels one ref gets under a release policy, without Kafka or a
 * registry. Exit 0 (also when nothing is built), 2 for a bad policy, a bad history file or bad flags.
 */
@Command(name = "plan",
        description = {"Shows the tags and labels a ref would get under a release policy (no Kafka, no registry).",
                "In a GitHub Actions step, '--github --output github' reads the workflow's context and writes docker/metadata-action's "
                        + "outputs to $GITHUB_OUTPUT (and its bake files)."},
        exitCodeList = {"0:planned (also when nothing is built)", "1:an output file ($GITHUB_OUTPUT, $GITHUB_ENV, a bake file) cannot be written",
                "2:usage: bad flags, a bad policy or history file"})
public final class Cli extends TaglineCommand {
    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "the repository's release policy (YAML)")
    Path policy;

    @Mixin
    RequestOptions flags;

    @Option(names = "--github", description = "read the ref, commit, event and payload from a GitHub Actions step's environment "
            + "(GITHUB_REF, GITHUB_SHA, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, DOCKER_METADATA_PR_HEAD_SHA); --ref, --sha, --event win")
    boolean github;

    @Option(names = "--git", paramLabel = "DIR", description = "read the ref, commit and commit time from the checkout in DIR with git, "
            + "as metadata-action's context: git (a detached HEAD is named from its tags and branches); --ref, --sha, --commit-time win")
    Path git;

    /** Lower case in completion, as users type them. */
    static final class Formats extends ArrayList<String> {
        Formats() {
            super(List.of("text", "json", "github", "tag-plan"));
        }
    }

    enum Format {
        TEXT, JSON, GITHUB, TAG_PLAN;

        /** {@code tag-plan} (any case) for TAG_PLAN. */
        static final class Converter implements CommandLine.ITypeConverter<Format> {
            @Override
            public Format convert(String value) {
                for (Format f : values()) {
                    if (f.name().replace('_', '-').equalsIgnoreCase(value)) {
                        return f;
                    }
                }
                throw new CommandLine.TypeConversionException("expected one of text, json, github, tag-plan but was '" + value + "'");
            }
        }
    }

    @Option(names = "--output", paramLabel = "text|json|github|tag-plan", completionCandidates = Formats.class, converter = Format.Converter.class,
            description = "text for people (default), json for scripts, github: docker/metadata-action's outputs in the $GITHUB_OUTPUT "
                    + "file format (appended to $GITHUB_OUTPUT when set, else printed) and its bake files, tag-plan: the TagPlan the "
                    + "planner service would publish for this event, as it publishes it (the input of 'tagline build')")
    Format output = Format.TEXT;

    @Option(names = "--clone-url", paramLabel = "URL", description = "with --output tag-plan: where image-builder fetches the commit "
            + "(default: the --git checkout, else with --github $GITHUB_SERVER_URL/$GITHUB_REPOSITORY.git, else https://<the policy's "
            + "repository>.git)")
    String cloneUrl;

    @Option(names = "--json", hidden = true, description = "deprecated: --output json")
    void json(boolean on) {
        Deprecations.warn(spec, "--json", "--output json");
        output = Format.JSON;
    }

    @Option(names = "--sep-tags", paramLabel = "SEP", description = "separator of the tags output (default: newline)")
    String sepTags;

    @Option(names = "--sep-labels", paramLabel = "SEP", description = "separator of the labels output (default: newline)")
    String sepLabels;

    @Option(names = "--sep-annotations", paramLabel = "SEP", description = "separator of the annotations output (default: newline)")
    String sepAnnotations;

    @Option(names = "--bake-target", paramLabel = "NAME", description = "target name in the bake files (default: docker-metadata-action)")
    String bakeTarget;

    @Option(names = "--bake-dir", paramLabel = "DIR", description = "where --output github writes the bake files (default: $RUNNER_TEMP, else the temp dir)")
    Path bakeDir;

    private final Map<String, String> env;
    private final Supplier<String> delimiters;

    public Cli() {
        this(System.getenv(), () -> "ghadelimiter_" + UUID.randomUUID());
    }

    /** With another environment (metadata-action's variables, GITHUB_OUTPUT, ...) and heredoc delimiters, for tests. */
    Cli(Map<String, String> env, Supplier<String> delimiters) {
        this.env = Map.copyOf(env);
        this.delimiters = delimiters;
    }

    /** Runs {@code plan ...} as {@code ./tagline plan ...} does; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.run(List.of(new Cli()), args, out, err);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)} with the environment {@code env} and heredoc delimiters (tests, embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, Supplier<String> delimiters) {
        return CommandLines.run(List.of(new Cli(env, delimiters)), args, out, err);
    }

    @Override
    public Integer call() {
        ReleasePolicy parsed;
        try {
            parsed = PolicyParser.parse(policy);
        } catch (InvalidPolicyException e) {
            throw new UsageError("invalid policy: " + CommandLines.oneLine(e.getMessage()));
        }
        PlanRequest request = request();
        ReleaseHistory released = flags.releaseHistory();
        String shortSha = env.get("DOCKER_METADATA_SHORT_SHA_LENGTH");
        if (shortSha != null && !shortSha.isBlank()) {
            try {
                parsed = parsed.withShortShaLength(Integer.parseInt(shortSha.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageError("DOCKER_METADATA_SHORT_SHA_LENGTH is not a valid number: " + shortSha);
            }
        }
        if (output == Format.TAG_PLAN) {
            return tagPlan(request, parsed, released);
        }
        Decision d;
        try {
            d = TagPlanner.decide(request, parsed, released);
        } catch (InvalidPolicyException e) {
            throw new UsageError("invalid policy: " + policy.getFileName() + ": " + CommandLines.oneLine(e.getMessage()));
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case JSON -> out.print(JsonOutput.pretty(json(d)));
            case TEXT -> out.print(text(d));
            case GITHUB -> github(request, parsed, d, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The TagPlan on stdout, one line of JSON; nothing to build: nothing there, the reason on stderr (exit 0). */
    private int tagPlan(PlanRequest request, ReleasePolicy parsed, ReleaseHistory released) {
        PlanOutcome outcome;
        try {
            outcome = TagPlanOutput.plan(request, parsed, released, fetchFrom());
        } catch (InvalidPolicyException e) {
            throw new UsageError("invalid policy: " + policy.getFileName() + ": " + CommandLines.oneLine(e.getMessage()));
        }
        if (!outcome.planned()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": nothing to build: " + outcome.skipReason());
            spec.commandLine().getErr().flush();
            return ExitCode.OK;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(new String(Topics.TAG_PLANS.encode(outcome.plan()), StandardCharsets.UTF_8));
        out.flush();
        return ExitCode.OK;
    }

    /** The request from the flags, over the GitHub Actions environment with {@code --github}. */
    private PlanRequest request() {
        Map<String, String> context = new HashMap<>();
        if (github) {
            context.putAll(env);
        }
        Instant checkedOut = null;
        if (git != null) {
            GitCheckoutContext.Checkout checkout = GitCheckoutContext.read(git);
            context.put("GITHUB_REF", checkout.ref());
            context.put("GITHUB_SHA", checkout.sha());
            checkedOut = checkout.commitTime();
        }
        String ref = flags.ref;
        String sha = flags.sha;
        if (ref != null) {
            context.put("GITHUB_REF", ref);
        }
        if (sha != null) {
            context.put("GITHUB_SHA", sha);
        }
        String refText = context.getOrDefault("GITHUB_REF", "");
        if (!refText.isEmpty()) {
            try {
                GitRef.parse(refText);
            } catch (InvalidValueException e) {
                throw new UsageError(origin(ref, "--ref", "GITHUB_REF") + ": " + CommandLines.oneLine(e.getMessage())
                        + " (e.g. refs/tags/v1.2.3, refs/heads/main, refs/pull/42/head)");
            }
        }
        String shaText = context.getOrDefault("GITHUB_SHA", "");
        if (!shaText.isEmpty()) {
            try {
                CommitSha.parse(shaText);
            } catch (InvalidValueException e) {
                throw new UsageError(origin(sha, "--sha", "GITHUB_SHA") + ": " + CommandLines.oneLine(e.getMessage()));
            }
        }
        if (flags.event != null || context.getOrDefault("GITHUB_EVENT_NAME", "").isEmpty()) {
            context.put("GITHUB_EVENT_NAME", flags.eventName(!refText.isEmpty() && GitRef.parse(refText).isPullRequest()));
        }
        PlanRequest r;
        try {
            // the commit time: --commit-time, else the checkout's (--git), else the payload's, else the event's
            Instant committed = flags.commitTime() != null ? flags.commitTime() : checkedOut;
            // {{date}} is --at, else --commit-time, else now, as metadata-action's is now whatever the context
            r = GithubContext.request(context, committed, flags.eventTime());
        } catch (IllegalArgumentException e) {
            throw new UsageError(CommandLines.oneLine(e.getMessage()));
        }
        String defaultBranch = flags.defaultBranch;
        String baseRef = flags.baseRef;
        return new PlanRequest(r.ref(), r.change(), r.eventName(), r.sha(), r.commitTime(), r.now(),
                defaultBranch != null ? defaultBranch : r.defaultBranch(), baseRef != null ? baseRef : r.baseRef(),
                flags.schedule != null ? flags.schedule : r.scheduleName());
    }

    /**
     * Where image-builder fetches the plan's commit: {@code --clone-url}; else the {@code --git} checkout, which has it even
     * before it is pushed; else, with {@code --github}, the workflow's repository on its server (GitHub Enterprise too);
     * else null (the policy's repository on https).
     */
    private String fetchFrom() {
        if (cloneUrl != null) {
            return cloneUrl;
        }
        if (git != null) {
            return git.toAbsolutePath().normalize().toString();
        }
        String server = env.get("GITHUB_SERVER_URL");
        String repository = env.get("GITHUB_REPOSITORY");
        if (github && server != null && !server.isBlank() && repository != null && !repository.isBlank()) {
            return server.replaceAll("/+$", "") + "/" + repository + ".git";
        }
        return null;
    }

    /** Where a ref or commit that does not parse came from: its flag, else the checkout (--git), else the GitHub variable. */
    private String origin(String flagValue, String flag, String variable) {
        return flagValue != null ? flag : git != null ? "--git" : variable;
    }

    /** docker/metadata-action's outputs in the $GITHUB_OUTPUT format, and its bake files. */
    private void github(PlanRequest request, ReleasePolicy policy, Decision d, PrintWriter out) {
        String levels = env.getOrDefault("DOCKER_METADATA_ANNOTATIONS_LEVELS", "");
        MetadataOutputs.Options options = new MetadataOutputs.Options(sepTags != null ? sepTags : "\n", sepLabels != null ? sepLabels : "\n",
                sepAnnotations != null ? sepAnnotations : "\n", List.of((levels.isEmpty() ? "manifest" : levels).split(",")),
                bakeTarget != null ? bakeTarget : "docker-metadata-action");
        List<String> images = new ArrayList<>(new LinkedHashSet<>(d.variants().isEmpty()
                ? policy.images().stream().filter(ImageSpec::enable).map(i -> i.name().toLowerCase(Locale.ROOT)).toList()
                : d.variants().stream().flatMap(v -> v.images().stream()).toList()));
        MetadataOutputs outputs = MetadataOutputs.of(d, images, TagPlanner.annotations(request, policy, d), options);
        Map<String, String> all = new LinkedHashMap<>(outputs.outputs());
        Path dir = bakeDir != null ? bakeDir : Path.of(env.getOrDefault("RUNNER_TEMP", System.getProperty("java.io.tmpdir")));
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> bake : outputs.bakeFiles().entrySet()) {
                String kind = bake.getKey();
                Path file = dir.resolve("docker-metadata-action-bake" + (kind.isEmpty() ? "" : "-" + kind) + ".json").toAbsolutePath();
                Files.writeString(file, bake.getValue(), StandardCharsets.UTF_8);
                all.put(kind.isEmpty() ? "bake-file" : "bake-file-" + kind, file.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bake files into " + dir + ": " + e.getMessage(), e);
        }
        String text = GithubOutput.format(all, delimiters);
        String target = env.get("GITHUB_OUTPUT");
        if (target == null || target.isEmpty()) {
            out.print(text);
        } else {
            append(Path.of(target), text, "GITHUB_OUTPUT");
            out.print(text(d));
        }
        String githubEnv = env.get("GITHUB_ENV");
        String setEnv = env.getOrDefault("DOCKER_METADATA_SET_OUTPUT_ENV", "true");
        if (githubEnv != null && !githubEnv.isEmpty() && setEnv.equalsIgnoreCase("true")) {
            Map<String, String> vars = new LinkedHashMap<>();
            all.forEach((k, v) -> vars.put("DOCKER_METADATA_OUTPUT_" + k.replaceAll("\\W", "_").toUpperCase(Locale.ROOT), v));
            append(Path.of(githubEnv), GithubOutput.format(vars, delimiters), "GITHUB_ENV");
        }
    }

    private static void append(Path file, String text, String what) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot write " + file + ": " + e, e);
        }
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
}
