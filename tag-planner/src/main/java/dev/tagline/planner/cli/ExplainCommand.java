package dev.tagline.planner.cli;

import dev.tagline.planner.planning.Decision;
import dev.tagline.planner.planning.PlanRequest;
import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ChannelSpec;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.InvalidValueException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.TaglineCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tagline policy explain FILE --ref REF}: what the policy does for one ref, decided by the
 * planner's pure core ({@link TagPlanner#decide}) exactly as the service decides it, printed for people.
 */
@Command(name = "explain",
        description = {"Show what a policy does for a ref (decided by the planner itself, no Kafka needed).",
                "Prints whether it builds, the version and channel, and per variant the platforms, tags, image references and labels.",
                "--output json prints {policy, repository, ref, planned, skipReason, version, release, channel, variants: [...]}."},
        exitCodeList = {"0:explained (also when the policy builds nothing for the ref)", "1:the policy has problems", "2:usage"})
public final class ExplainCommand extends TaglineCommand {
    /** Used when no --sha is given: the tags that depend on it (sha-...) show this placeholder. */
    static final String PLACEHOLDER_SHA = "0123456789abcdef0123456789abcdef01234567";

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
    Path file;

    @Mixin
    RequestOptions flags;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (flags.ref == null) {
            throw usage("Missing required option: '--ref=REF'");
        }
        if (!Files.isRegularFile(file)) {
            throw usage("no such file: " + file);
        }
        ReleasePolicy policy;
        try {
            policy = PolicyParser.parse(file);
        } catch (InvalidPolicyException e) {
            out.println(e.getMessage());
            out.flush();
            return 1;
        }
        GitRef gitRef;
        CommitSha commit;
        try {
            gitRef = GitRef.parse(flags.ref);
        } catch (InvalidValueException e) {
            throw usage("--ref: " + e.getMessage() + " (e.g. refs/tags/v1.2.3, refs/heads/main, refs/pull/42/head)");
        }
        try {
            commit = CommitSha.parse(flags.sha == null ? PLACEHOLDER_SHA : flags.sha);
        } catch (InvalidValueException e) {
            throw usage("--sha: " + e.getMessage());
        }
        Instant at = flags.eventTime();
        Instant committed = flags.commitTime() != null ? flags.commitTime() : at;
        List<String> released = flags.releasedVersions();
        ReleaseHistory history = ReleaseHistory.ofVersions(released);
        String eventName = flags.eventName(gitRef.isPullRequest());
        RefChange change = eventName.contains("schedule") ? RefChange.SCHEDULED : RefChange.CREATED;
        PlanRequest request = new PlanRequest(gitRef, change, eventName, commit, committed, at, flags.defaultBranch, flags.baseRef,
                flags.schedule);
        Decision d;
        try {
            d = TagPlanner.decide(request, policy, history);
        } catch (InvalidPolicyException e) {
            out.println(file + ": " + e.getMessage());
            out.flush();
            return 1;
        }
        if (output.json()) {
            out.println(json(policy, d));
        } else {
            print(out, policy, d, released);
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, ReleasePolicy policy, Decision d, List<String> released) {
        out.println(file + " (" + policy.repository() + ", " + policy.digest().substring(0, 19) + "...)");
        out.println("  ref       " + flags.ref + " (event " + (flags.event != null ? flags.event : "default")
                + (flags.sha == null ? ", placeholder commit" : "") + ")");
        if (!d.planned()) {
            out.println("  builds    nothing: " + d.skipReason());
            return;
        }
        out.println("  version   " + (d.version().isEmpty() ? "(none)" : d.version()) + (d.release() == null ? "" : "  (release " + d.release() + ")"));
        out.println("  channel   " + (d.channel() == null ? "(none)" + channelsHint(policy) : d.channel()));
        out.println("  floating  " + policy.floating().name().toLowerCase() + (released.isEmpty() ? "" : ", already released: " + released));
        for (Decision.Variant v : d.variants()) {
            out.println("  variant " + v.spec().name() + (v.spec().suffix().isEmpty() ? "" : " (suffix " + v.spec().suffix() + ")"));
            out.println("    platforms " + v.spec().platforms().stream().map(Object::toString).toList());
            out.println("    tags      " + v.tags());
            if (v.images().isEmpty()) {
                out.println("    images    (none: the policy lists no image)");
            } else {
                for (String ref : v.references()) {
                    out.println("    push      " + ref);
                }
            }
            for (Map.Entry<String, String> l : v.labels().entrySet()) {
                out.println("    label     " + l.getKey() + "=" + l.getValue());
            }
        }
    }

    private String json(ReleasePolicy policy, Decision d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("policy", file.toString());
        json.put("repository", policy.repository().value());
        json.put("digest", policy.digest());
        json.put("ref", flags.ref);
        json.put("planned", d.planned());
        json.put("skipReason", d.skipReason());
        json.put("version", d.version());
        json.put("release", d.release());
        json.put("channel", d.channel());
        List<Map<String, Object>> variants = new ArrayList<>();
        for (Decision.Variant v : d.planned() ? d.variants() : List.<Decision.Variant>of()) {
            Map<String, Object> variant = new LinkedHashMap<>();
            variant.put("name", v.spec().name());
            variant.put("suffix", v.spec().suffix());
            variant.put("platforms", v.spec().platforms().stream().map(Object::toString).toList());
            variant.put("tags", v.tags());
            variant.put("references", v.references());
            variant.put("labels", v.labels());
            variants.add(variant);
        }
        json.put("variants", variants);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String channelsHint(ReleasePolicy policy) {
        return policy.channels().isEmpty() ? "" : " of " + policy.channels().stream().map(ChannelSpec::name).toList();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
