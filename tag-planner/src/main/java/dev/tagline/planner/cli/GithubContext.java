package dev.tagline.planner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.planner.planning.PlanRequest;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * metadata-action's workflow context, read from a GitHub Actions step's environment: {@code GITHUB_REF},
 * {@code GITHUB_SHA}, {@code GITHUB_EVENT_NAME} and the event payload at {@code GITHUB_EVENT_PATH}
 * (base ref, pull request head, the repository's default branch, the commit's time), with
 * {@code pull_request_target} planned as the pull request's merge ref and
 * {@code DOCKER_METADATA_PR_HEAD_SHA=true} taking the pull request's head commit, as in metadata-action's
 * {@code context.ts}.
 */
public final class GithubContext {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRUE = Pattern.compile("true", Pattern.CASE_INSENSITIVE);

    private GithubContext() {
    }

    /**
     * The request for {@code env}; {@code commitTime} and {@code now} win over the payload when not null.
     *
     * @throws IllegalArgumentException naming the variable that is not usable
     */
    public static PlanRequest request(Map<String, String> env, Instant commitTime, Instant now) {
        String eventName = env.getOrDefault("GITHUB_EVENT_NAME", "");
        String refText = env.getOrDefault("GITHUB_REF", "");
        String shaText = env.getOrDefault("GITHUB_SHA", "");
        JsonNode payload = payload(env.get("GITHUB_EVENT_PATH"));
        if (eventName.contains("pull_request_target") && payload.path("number").isNumber()) {
            refText = "refs/pull/" + payload.path("number").asText() + "/merge";
        }
        if (TRUE.matcher(env.getOrDefault("DOCKER_METADATA_PR_HEAD_SHA", "")).find() && eventName.contains("pull_request")
                && payload.path("pull_request").path("head").hasNonNull("sha")) {
            shaText = payload.path("pull_request").path("head").path("sha").asText();
        }
        GitRef ref = refText.isEmpty() ? null : GitRef.parse(refText);
        CommitSha sha = shaText.isEmpty() ? null : CommitSha.parse(shaText.toLowerCase(Locale.ROOT));
        String baseRef = null;
        if (ref != null && ref.isTag() && payload.hasNonNull("base_ref")) {
            baseRef = payload.path("base_ref").asText();
        } else if (ref != null && ref.isPullRequest() && payload.path("pull_request").path("base").hasNonNull("ref")) {
            baseRef = payload.path("pull_request").path("base").path("ref").asText();
        }
        String defaultBranch = payload.path("repository").hasNonNull("default_branch")
                ? payload.path("repository").path("default_branch").asText() : null;
        Instant at = now != null ? now : Instant.now();
        Instant committed = commitTime != null ? commitTime : commitDate(payload, shaText);
        if (committed == null) {
            committed = at; // metadata-action asks the GitHub API, then falls back to the current time
        }
        RefChange change = eventName.contains("schedule") ? RefChange.SCHEDULED : RefChange.CREATED;
        return new PlanRequest(ref, change, eventName, sha, committed, at, defaultBranch, baseRef, null);
    }

    /** The commit's time from a push payload (its {@code commits}, else {@code head_commit}), null when it is not there. */
    private static Instant commitDate(JsonNode payload, String sha) {
        for (JsonNode c : payload.path("commits")) {
            if (sha.equals(c.path("id").asText()) && c.hasNonNull("timestamp")) {
                return time(c.path("timestamp").asText());
            }
        }
        JsonNode head = payload.path("head_commit");
        if (sha.equals(head.path("id").asText()) && head.hasNonNull("timestamp")) {
            return time(head.path("timestamp").asText());
        }
        return null;
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode payload(String path) {
        if (path == null || path.isEmpty() || !Files.isRegularFile(Path.of(path))) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new IllegalArgumentException("GITHUB_EVENT_PATH: cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
