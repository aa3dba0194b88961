package dev.tagline.planner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.cli.CommandLines;
import dev.tagline.cli.UsageError;
import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.IsoInstants;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The event a command plans for, with the same flags in {@code tagline plan} and {@code tagline policy explain}
 * (a picocli mixin): the ref and commit, the event and the schedule that fired, the branches, the times, and
 * the versions already released. Each command reads the fields itself: {@code plan} takes the ref and the commit
 * from a GitHub Actions step too, {@code explain} requires the ref and shows a placeholder commit.
 */
final class RequestOptions {
    @Option(names = "--ref", paramLabel = "REF", description = "a full ref: refs/tags/v1.2.3, refs/heads/main, refs/pull/42/head "
            + "(plan: absent or empty for no ref, then only rules that need none give tags)")
    String ref;

    @Option(names = "--sha", paramLabel = "SHA", description = "the full commit (40 or 64 hex); absent: none for plan (no type=sha tag, "
            + "empty revision), a placeholder for policy explain")
    String sha;

    @Option(names = "--event", paramLabel = "EVENT", description = "metadata-action's event name: push (default), pull_request "
            + "(default for pull refs), schedule (default with --schedule), workflow_dispatch, ...")
    String event;

    @Option(names = "--schedule", paramLabel = "NAME", description = "the schedule that fired, e.g. nightly (a policy's on: schedule "
            + "names it)")
    String schedule;

    @Option(names = "--default-branch", paramLabel = "NAME", description = "overrides the policy's default branch")
    String defaultBranch;

    @Option(names = "--base-ref", paramLabel = "BRANCH", description = "{{base_ref}}: a tag's branch or a pull request's target branch "
            + "(refs/heads/ optional); default: the payload's with plan --github")
    String baseRef;

    @Option(names = "--commit-time", paramLabel = "ISO-8601", description = "the commit's time (default: the checkout's with plan --git, "
            + "the payload's with plan --github, else --at)")
    String commitTime;

    @Option(names = "--at", paramLabel = "ISO-8601",
            description = "the event's time, which {{date}} renders: a schedule's slot (--at 2026-03-01T00:00:00Z --event schedule), "
                    + "else the commit time (default: --commit-time, else now)")
    String at;

    @Option(names = "--now", paramLabel = "ISO-8601", description = "the same as --at (its former name)")
    String now;

    @Option(names = "--released", split = ",", paramLabel = "VERSION", description = "versions already released, e.g. 1.2.0,1.1.9: "
            + "floating tags only move forward")
    List<String> released = new ArrayList<>();

    @Option(names = "--history", paramLabel = "FILE", description = "a JSON array of versions already released, e.g. [\"1.2.0\", \"1.1.3\"]")
    Path history;

    /** {@code --at} (its former name {@code --now}), else {@code --commit-time}, else now: the time {@code {{date}}} renders. */
    Instant eventTime() {
        Instant committed = commitTime();
        return at != null ? instant(at, "--at") : now != null ? instant(now, "--now") : committed != null ? committed : Instant.now();
    }

    /** {@code --commit-time}; null when absent (the command's default: a GitHub payload's, else the event's time). */
    Instant commitTime() {
        return commitTime == null ? null : instant(commitTime, "--commit-time");
    }

    /** {@code --event}, else pull_request for a pull ref, schedule with {@code --schedule}, push otherwise. */
    String eventName(boolean pullRef) {
        if (event != null) {
            if (event.isBlank()) {
                throw new UsageError("--event must not be empty");
            }
            return event;
        }
        return pullRef ? "pull_request" : schedule != null ? "schedule" : "push";
    }

    /** The versions of {@code --history}, then those of {@code --released}. */
    List<String> releasedVersions() {
        List<String> versions = new ArrayList<>();
        if (history != null) {
            versions.addAll(historyFile(history));
        }
        try {
            ReleaseHistory.ofVersions(released);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--released: " + e.getMessage());
        }
        versions.addAll(released);
        return versions;
    }

    /** {@link #releasedVersions()} as the planner's history (released for every variant, commits unknown). */
    ReleaseHistory releaseHistory() {
        List<String> versions = releasedVersions();
        return versions.isEmpty() ? ReleaseHistory.empty() : ReleaseHistory.ofVersions(versions);
    }

    private static List<String> historyFile(Path file) {
        JsonNode parsed;
        try {
            parsed = Jackson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UsageError("--history: " + file + " is not JSON: " + CommandLines.oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UsageError("--history: cannot read " + file + ": " + e.getMessage());
        }
        if (parsed == null || !parsed.isArray()) {
            throw new UsageError("--history: " + file + " must hold a JSON array of versions, e.g. [\"1.2.0\", \"1.1.3\"]");
        }
        List<String> versions = new ArrayList<>();
        for (JsonNode entry : parsed) {
            if (!entry.isTextual()) {
                throw new UsageError("--history: " + file + ": every entry must be a version string, found " + entry);
            }
            versions.add(entry.asText());
        }
        try {
            ReleaseHistory.ofVersions(versions);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--history: " + file + ": " + e.getMessage());
        }
        return versions;
    }

    private static Instant instant(String value, String flag) {
        return IsoInstants.parse(value)
                .orElseThrow(() -> new UsageError(flag + " '" + value + "' is not an ISO-8601 time such as 2024-05-01T12:00:00Z"));
    }
}
