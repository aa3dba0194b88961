package dev.tagline.planner.cli;

import dev.tagline.schema.json.JsonText;

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

import java.io.IOException;
import java.io.PrintStream;
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
import java.util.Set;

/**
 * The command line of tag-planner ({@code ./tagline plan ...} dispatches here).
 *
 * <pre>
 * plan --policy FILE --ref REF --sha SHA [--event push|pull_request|schedule|workflow_dispatch|...]
 *      [--default-branch NAME] [--commit-time ISO-8601] [--now ISO-8601] [--history FILE]
 * </pre>
 *
 * Prints the plan as JSON; exit 2 with one line on stderr for a bad policy or bad flags.
 */
public final class Cli {
    static final String USAGE = "usage: tagline plan --policy FILE --ref REF --sha SHA [--event push|pull_request|schedule|workflow_dispatch|...]"
            + " [--default-branch NAME] [--commit-time ISO-8601] [--now ISO-8601] [--history FILE]";
    private static final Set<String> FLAGS = Set.of("--policy", "--ref", "--sha", "--event", "--default-branch", "--commit-time", "--now",
            "--history");

    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        if (!args[0].equals("plan")) {
            err.println("tag-planner: unknown command '" + args[0] + "' (expected plan)");
            return 2;
        }
        try {
            out.print(plan(flags(args)));
            out.flush();
            return 0;
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Help h) {
            out.println(USAGE);
            return 0;
        }
    }

    private static String plan(Map<String, String> flags) {
        Path policyFile = Path.of(required(flags, "--policy"));
        ReleasePolicy policy;
        try {
            policy = PolicyParser.parse(policyFile);
        } catch (InvalidPolicyException e) {
            throw new UsageException("tagline plan: invalid policy: " + oneLine(e.getMessage()));
        }
        GitRef ref;
        try {
            ref = GitRef.parse(required(flags, "--ref"));
        } catch (InvalidValueException e) {
            throw new UsageException("tagline plan: --ref: " + oneLine(e.getMessage()) + " (e.g. refs/tags/v1.2.3, refs/heads/main, refs/pull/42/head)");
        }
        CommitSha sha;
        try {
            sha = CommitSha.parse(required(flags, "--sha"));
        } catch (InvalidValueException e) {
            throw new UsageException("tagline plan: --sha: " + oneLine(e.getMessage()));
        }
        String event = flags.getOrDefault("--event", ref.isPullRequest() ? "pull_request" : "push");
        if (event.isBlank()) {
            throw new UsageException("tagline plan: --event must not be empty");
        }
        Instant now = flags.containsKey("--now") ? instant(flags.get("--now"), "--now") : Instant.now();
        Instant commitTime = flags.containsKey("--commit-time") ? instant(flags.get("--commit-time"), "--commit-time") : now;
        ReleaseHistory history = flags.containsKey("--history") ? history(Path.of(flags.get("--history"))) : ReleaseHistory.empty();
        RefChange change = event.contains("schedule") ? RefChange.SCHEDULED : RefChange.CREATED;
        PlanRequest request = new PlanRequest(ref, change, event, sha, commitTime, now, flags.get("--default-branch"), null, null);
        Decision d;
        try {
            d = TagPlanner.decide(request, policy, history);
        } catch (InvalidPolicyException e) {
            throw new UsageException("tagline plan: invalid policy: " + policyFile.getFileName() + ": " + oneLine(e.getMessage()));
        }
        return JsonText.writePretty(output(d));
    }

    private static Map<String, Object> output(Decision d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", d.version());
        List<String> all = new ArrayList<>();
        List<Object> variants = new ArrayList<>();
        for (Decision.Variant v : d.variants()) {
            all.addAll(v.references());
            Map<String, Object> variant = new LinkedHashMap<>();
            variant.put("name", v.spec().name());
            variant.put("tags", v.references());
            variant.put("labels", v.labels());
            variant.put("platforms", v.spec().platforms().stream().map(Object::toString).toList());
            variants.add(variant);
        }
        json.put("tags", all);
        json.put("labels", d.labels());
        json.put("variants", variants);
        return json;
    }

    private static ReleaseHistory history(Path file) {
        Object parsed;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            parsed = new Yaml(new LoaderOptions()).load(text);
        } catch (IOException e) {
            throw new UsageException("tagline plan: --history: cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new UsageException("tagline plan: --history: " + file + " is not JSON: " + oneLine(e.getMessage()));
        }
        if (!(parsed instanceof List<?> list)) {
            throw new UsageException("tagline plan: --history: " + file + " must hold a JSON array of versions, e.g. [\"1.2.0\", \"1.1.3\"]");
        }
        List<String> versions = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new UsageException("tagline plan: --history: " + file + ": every entry must be a version string, found " + o);
            }
            versions.add(s);
        }
        try {
            return ReleaseHistory.ofVersions(versions);
        } catch (IllegalArgumentException e) {
            throw new UsageException("tagline plan: --history: " + file + ": " + e.getMessage());
        }
    }

    private static Instant instant(String value, String flag) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e2) {
                throw new UsageException("tagline plan: " + flag + " '" + value + "' is not an ISO-8601 time such as 2024-05-01T12:00:00Z");
            }
        }
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new Help();
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!FLAGS.contains(name)) {
                throw new UsageException("tagline plan: unknown flag '" + name + "'; " + USAGE);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("tagline plan: " + name + " needs a value");
                }
                value = args[++i];
            }
            if (flags.put(name, value) != null) {
                throw new UsageException("tagline plan: " + name + " given twice");
            }
        }
        return flags;
    }

    private static String required(Map<String, String> flags, String name) {
        String v = flags.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("tagline plan: " + name + " is required; " + USAGE);
        }
        return v;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final class Help extends RuntimeException {
        Help() {
            super(null, null, false, false);
        }
    }
}
