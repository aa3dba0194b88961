package dev.tagline.listener.webhook;

import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.util.Map;

/**
 * GitHub: {@code X-GitHub-Event} {@code push} (branches and tags), {@code create}, {@code delete},
 * {@code pull_request} (opened, reopened, synchronize, closed) and {@code ping}; everything else is
 * ignored. A new tag arrives twice ({@code create} without a commit id, {@code push} with one): both
 * become the same change, so the same event id, and are published once.
 */
final class GitHubParser implements WebhookParser {
    @Override
    public Webhook parse(Map<String, String> headers, byte[] body) {
        String kind = Fields.requiredHeader(headers, "X-GitHub-Event");
        String delivery = Fields.header(headers, "X-GitHub-Delivery");
        JsonObject json = Json.parseObject(body);
        JsonObject repo = json.object("repository").orElse(null);
        if (repo == null) {
            if (kind.equals("ping")) {
                return new Webhook(WebhookProvider.GITHUB, null, null, kind, delivery,
                        () -> WebhookEvents.ignored("ping: GitHub says hello (no repository in an organization ping)"));
            }
            throw WebhookRejection.badRequest("missing field repository");
        }
        Webhook webhook = Fields.webhook(WebhookProvider.GITHUB, repo, kind, delivery,
                defaultBranch -> interpret(kind, json, defaultBranch), "clone_url", "html_url");
        // where the webhook was created: repository, or organization, integration (an app), business
        String target = Fields.header(headers, "X-GitHub-Hook-Installation-Target-Type");
        return target == null || target.equalsIgnoreCase("repository") ? webhook : webhook.asOwnerWide();
    }

    private static WebhookEvents interpret(String kind, JsonObject json, String defaultBranch) {
        return switch (kind) {
            case "ping" -> WebhookEvents.ignored("ping: webhook reached tagline");
            case "push" -> push(json, defaultBranch);
            // create/delete carry no commit id: the shell resolves it, and the push GitHub also sends collapses into it
            case "create" -> createOrDelete(json, RefChange.CREATED, null, false, defaultBranch);
            case "delete" -> createOrDelete(json, RefChange.DELETED, null, false, defaultBranch);
            case "pull_request" -> pullRequest(json, defaultBranch);
            default -> WebhookEvents.ignored("GitHub event '" + kind + "' is not used by tagline");
        };
    }

    static WebhookEvents push(JsonObject json, String defaultBranch) {
        GitRef ref = Fields.ref(json, "ref");
        if (!ref.isBranch() && !ref.isTag()) {
            return WebhookEvents.ignored("push to " + ref + ", which is neither a branch nor a tag");
        }
        CommitSha before = Fields.presentSha(json, "before");
        CommitSha after = Fields.presentSha(json, "after");
        boolean deleted = json.flag("deleted") || after == null;
        if (deleted) {
            return WebhookEvents.of(defaultBranch, RefUpdate.commit(ref, RefChange.DELETED, before, null, null));
        }
        RefChange change = json.flag("created") || before == null ? RefChange.CREATED : RefChange.UPDATED;
        JsonObject head = json.object("head_commit").orElse(null);
        CommitSha headId = head == null ? null : Fields.sha(head, "id");
        // The commits' "timestamp" is not used: Gitea fills it with the author date, GitHub does not say which date it is,
        // and tagline dates a commit by its committer date (as the poller reads it), so the shell reads that from Git.
        if (ref.isTag()) {
            // For an annotated tag "after" is the tag object and head_commit the commit it points to.
            if (headId != null) {
                return WebhookEvents.of(defaultBranch, new RefUpdate(ref, change, before, headId, true, null, null));
            }
            return WebhookEvents.of(defaultBranch, new RefUpdate(ref, change, before, after, false, null, null));
        }
        return WebhookEvents.of(defaultBranch, RefUpdate.commit(ref, change, before, after, null));
    }

    /** A {@code create} or {@code delete} of a branch or tag, named short, with the new commit if the sender gives it. */
    static WebhookEvents createOrDelete(JsonObject json, RefChange change, CommitSha newCommit, boolean peeled,
                                        String defaultBranch) {
        String refType = json.requiredText("ref_type");
        if (!refType.equals("tag") && !refType.equals("branch")) {
            return WebhookEvents.ignored(kindName(change) + " of a " + refType + ", not a branch or tag");
        }
        GitRef ref = Fields.shortRef(json, "ref", refType);
        return WebhookEvents.of(defaultBranch, new RefUpdate(ref, change, null, newCommit, peeled, null, null));
    }

    private static String kindName(RefChange change) {
        return change == RefChange.CREATED ? "create" : "delete";
    }

    /** GitHub's and Gitea's {@code pull_request} (Gitea calls new commits {@code synchronized} and sends no "after"). */
    static WebhookEvents pullRequest(JsonObject json, String defaultBranch) {
        String action = json.requiredText("action");
        long number = json.requiredNumber("number");
        JsonObject pr = json.requiredObject("pull_request");
        JsonObject head = pr.requiredObject("head");
        GitRef ref = GitRef.parse("refs/pull/" + number + "/head");
        GitRef base = pr.object("base").map(b -> b.text("ref")).map(GitRef::branch).orElse(null);
        PullRequestHead from = PullRequestHeads.github(json, pr);
        return switch (action) {
            case "opened", "reopened" -> WebhookEvents.of(defaultBranch,
                    new RefUpdate(ref, RefChange.CREATED, null, Fields.requiredSha(head, "sha"), true, null, base, from));
            case "synchronize", "synchronized" -> WebhookEvents.of(defaultBranch, new RefUpdate(ref, RefChange.UPDATED,
                    Fields.sha(json, "before"), json.has("after") ? Fields.requiredSha(json, "after") : Fields.requiredSha(head, "sha"),
                    true, null, base, from));
            case "closed" -> WebhookEvents.of(defaultBranch,
                    new RefUpdate(ref, RefChange.DELETED, Fields.requiredSha(head, "sha"), null, true, null, base, from));
            default -> WebhookEvents.ignored("pull_request action '" + action + "' does not change the head");
        };
    }
}
