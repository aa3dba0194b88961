package dev.tagline.listener.webhook;

import dev.tagline.schema.event.RefChange;

import java.util.Map;

/**
 * Gitea and Forgejo: {@code X-Gitea-Event} (or {@code X-Forgejo-Event}) {@code push}, {@code create}
 * (carries the commit id), {@code delete} and {@code pull_request} (opened, reopened, synchronized,
 * closed); everything else is ignored. The payloads are GitHub's shapes, read by {@link GitHubParser}. A push's commit
 * {@code timestamp} is the author date
 * ({@code CommitToPushCommit} sets it from {@code commit.Author.When}), not the committer date tagline dates a
 * commit by, so the shell reads the commit time from Git.
 */
final class GiteaParser implements WebhookParser {
    @Override
    public Webhook parse(Map<String, String> headers, byte[] body) {
        String kind = Fields.firstHeader(headers, "X-Gitea-Event", "X-Forgejo-Event");
        if (kind == null) {
            kind = Fields.requiredHeader(headers, "X-Gitea-Event");
        }
        String delivery = Fields.firstHeader(headers, "X-Gitea-Delivery", "X-Forgejo-Delivery");
        JsonObject json = Json.parseObject(body);
        JsonObject repo = json.requiredObject("repository");
        String event = kind;
        return Fields.webhook(WebhookProvider.GITEA, repo, event, delivery, defaultBranch -> interpret(event, json, defaultBranch),
                "clone_url", "html_url");
    }

    private static WebhookEvents interpret(String kind, JsonObject json, String defaultBranch) {
        return switch (kind) {
            case "push" -> GitHubParser.push(json, defaultBranch);
            // Gitea's create names the commit the new ref points to
            case "create" -> GitHubParser.createOrDelete(json, RefChange.CREATED, Fields.sha(json, "sha"), true, defaultBranch);
            case "delete" -> GitHubParser.createOrDelete(json, RefChange.DELETED, null, true, defaultBranch);
            case "pull_request" -> GitHubParser.pullRequest(json, defaultBranch);
            default -> WebhookEvents.ignored("Gitea event '" + kind + "' is not used by tagline");
        };
    }
}
