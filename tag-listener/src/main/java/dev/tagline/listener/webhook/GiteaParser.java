package dev.tagline.listener.webhook;

import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;

import java.util.Map;

/**
 * Gitea and Forgejo: {@code X-Gitea-Event} (or {@code X-Forgejo-Event}) {@code push}, {@code create}
 * (carries the commit id), {@code delete} and {@code pull_request} (opened, reopened, synchronized,
 * closed); everything else is ignored. A push's commit {@code timestamp} is the author date
 * ({@code CommitToPushCommit} sets it from {@code commit.Author.When}), not the committer date tagline dates a
 * commit by, so the shell reads the commit time from Git.
 */
final class GiteaParser implements WebhookParser {
    @Override
    public WebhookProvider provider() {
        return WebhookProvider.GITEA;
    }

    @Override
    public Webhook parse(Map<String, String> headers, byte[] body) {
        String kind = Fields.header(headers, "X-Gitea-Event");
        if (kind == null) {
            kind = Fields.header(headers, "X-Forgejo-Event");
        }
        if (kind == null) {
            kind = Fields.requiredHeader(headers, "X-Gitea-Event");
        }
        String delivery = Fields.header(headers, "X-Gitea-Delivery");
        if (delivery == null) {
            delivery = Fields.header(headers, "X-Forgejo-Delivery");
        }
        JsonObject json = Json.parseObject(body);
        JsonObject repo = json.requiredObject("repository");
        String urlField = repo.has("clone_url") ? "clone_url" : "html_url";
        RepositoryId id = Fields.repositoryFromUrl(repo, urlField);
        String cloneUrl = repo.requiredText(urlField);
        String defaultBranch = repo.text("default_branch");
        String event = kind;
        return new Webhook(provider(), id, cloneUrl, event, delivery, () -> interpret(event, json, defaultBranch));
    }

    private static WebhookEvents interpret(String kind, JsonObject json, String defaultBranch) {
        return switch (kind) {
            case "push" -> GitHubParser.push(json, defaultBranch);
            case "create" -> create(json, defaultBranch);
            case "delete" -> delete(json, defaultBranch);
            case "pull_request" -> pullRequest(json, defaultBranch);
            default -> WebhookEvents.ignored("Gitea event '" + kind + "' is not used by tagline");
        };
    }

    private static WebhookEvents create(JsonObject json, String defaultBranch) {
        String refType = json.requiredText("ref_type");
        if (!refType.equals("tag") && !refType.equals("branch")) {
            return WebhookEvents.ignored("create of a " + refType + ", not a branch or tag");
        }
        GitRef ref = Fields.shortRef(json, "ref", refType);
        CommitSha sha = Fields.sha(json, "sha");
        // Gitea's create names the commit the new ref points to
        return WebhookEvents.of(defaultBranch, new RefUpdate(ref, RefChange.CREATED, null, sha, true, null, null));
    }

    private static WebhookEvents delete(JsonObject json, String defaultBranch) {
        String refType = json.requiredText("ref_type");
        if (!refType.equals("tag") && !refType.equals("branch")) {
            return WebhookEvents.ignored("delete of a " + refType + ", not a branch or tag");
        }
        GitRef ref = Fields.shortRef(json, "ref", refType);
        return WebhookEvents.of(defaultBranch, new RefUpdate(ref, RefChange.DELETED, null, null, true, null, null));
    }

    private static WebhookEvents pullRequest(JsonObject json, String defaultBranch) {
        String action = json.requiredText("action");
        long number = json.requiredNumber("number");
        JsonObject pr = json.requiredObject("pull_request");
        JsonObject head = pr.requiredObject("head");
        GitRef ref = GitRef.parse("refs/pull/" + number + "/head");
        GitRef base = pr.object("base").map(b -> b.text("ref")).map(GitRef::branch).orElse(null);
        PullRequestHead from = PullRequestHeads.github(json, pr);
        CommitSha sha = Fields.requiredSha(head, "sha");
        return switch (action) {
            case "opened", "reopened" -> WebhookEvents.of(defaultBranch,
                    new RefUpdate(ref, RefChange.CREATED, null, sha, true, null, base, from));
            // Gitea's synchronized payload has no "before": the previous head is not known
            case "synchronized", "synchronize" -> WebhookEvents.of(defaultBranch,
                    new RefUpdate(ref, RefChange.UPDATED, Fields.sha(json, "before"), sha, true, null, base, from));
            case "closed" -> WebhookEvents.of(defaultBranch,
                    new RefUpdate(ref, RefChange.DELETED, sha, null, true, null, base, from));
            default -> WebhookEvents.ignored("pull_request action '" + action + "' does not change the head");
        };
    }
}
