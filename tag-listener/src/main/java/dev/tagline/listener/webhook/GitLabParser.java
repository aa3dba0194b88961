package dev.tagline.listener.webhook;

import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.util.Map;

/**
 * GitLab: {@code X-Gitlab-Event} {@code Push Hook}, {@code Tag Push Hook} (annotated tags are peeled
 * through {@code checkout_sha}) and {@code Merge Request Hook} (open, reopen, update with new commits,
 * close, merge); an instance's {@code System Hook} carries the same payloads, told apart by
 * {@code event_name} ({@code push}, {@code tag_push}) or {@code object_kind} ({@code merge_request});
 * everything else is ignored. A commit's {@code timestamp} is its committer date ({@code Commit#hook_attrs}
 * writes {@code committed_date.xmlschema}), the date tagline dates a commit by, so it is used as the commit
 * time without reading Git.
 */
final class GitLabParser implements WebhookParser {
    @Override
    public Webhook parse(Map<String, String> headers, byte[] body) {
        String kind = Fields.requiredHeader(headers, "X-Gitlab-Event");
        String delivery = Fields.firstHeader(headers, "X-Gitlab-Event-UUID", "X-Gitlab-Webhook-UUID");
        JsonObject json = Json.parseObject(body);
        String event = kind.equals("System Hook") ? systemHookEvent(systemHookName(json)) : kind;
        if (event == null) {
            // most system hook events (users, groups, projects created) name no repository
            return new Webhook(WebhookProvider.GITLAB, null, null, kind, delivery, () -> WebhookEvents.ignored(
                    "GitLab system hook event '" + systemHookName(json) + "' is not used by tagline"));
        }
        JsonObject project = json.object("project").orElseGet(() -> json.requiredObject("repository"));
        Webhook webhook = Fields.webhook(WebhookProvider.GITLAB, project, kind, delivery,
                defaultBranch -> interpret(event, json, defaultBranch), "git_http_url", "http_url", "web_url");
        return kind.equals("System Hook") ? webhook.asOwnerWide() : webhook;
    }

    private static String systemHookName(JsonObject json) {
        return json.text("event_name") != null ? json.text("event_name") : json.text("object_kind");
    }

    /** The project hook a system hook's payload equals, or null for the events tagline does not use. */
    private static String systemHookEvent(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "push" -> "Push Hook";
            case "tag_push" -> "Tag Push Hook";
            case "merge_request" -> "Merge Request Hook";
            default -> null;
        };
    }

    private static WebhookEvents interpret(String kind, JsonObject json, String defaultBranch) {
        return switch (kind) {
            case "Push Hook", "Tag Push Hook" -> push(json, defaultBranch);
            case "Merge Request Hook" -> mergeRequest(json, defaultBranch);
            default -> WebhookEvents.ignored("GitLab event '" + kind + "' is not used by tagline");
        };
    }

    private static WebhookEvents push(JsonObject json, String defaultBranch) {
        GitRef ref = Fields.ref(json, "ref");
        if (!ref.isBranch() && !ref.isTag()) {
            return WebhookEvents.ignored("push to " + ref + ", which is neither a branch nor a tag");
        }
        CommitSha before = Fields.presentSha(json, "before");
        CommitSha after = Fields.presentSha(json, "after");
        if (after == null) {
            return WebhookEvents.of(defaultBranch, RefUpdate.commit(ref, RefChange.DELETED, before, null, null));
        }
        RefChange change = before == null ? RefChange.CREATED : RefChange.UPDATED;
        CommitSha checkout = Fields.sha(json, "checkout_sha");
        if (ref.isTag() && checkout == null) {
            // without checkout_sha "after" may be an annotated tag object: the shell peels it
            return WebhookEvents.of(defaultBranch, new RefUpdate(ref, change, before, after, false, null, null));
        }
        CommitSha commit = ref.isTag() ? checkout : after;
        return WebhookEvents.of(defaultBranch,
                RefUpdate.commit(ref, change, before, commit, Fields.commitTimeOf(json, commit, "id", "timestamp")));
    }

    private static WebhookEvents mergeRequest(JsonObject json, String defaultBranch) {
        JsonObject mr = json.requiredObject("object_attributes");
        long iid = mr.requiredNumber("iid");
        String action = mr.text("action");
        if (action == null) {
            return WebhookEvents.ignored("merge request event without an action");
        }
        GitRef ref = GitRef.parse("refs/merge-requests/" + iid + "/head");
        GitRef base = mr.text("target_branch") == null ? null : GitRef.branch(mr.text("target_branch"));
        JsonObject last = mr.object("last_commit").orElse(null);
        PullRequestHead from = PullRequestHeads.gitlab(mr);
        return switch (action) {
            case "open", "reopen" -> {
                JsonObject commit = requireLast(last);
                yield WebhookEvents.of(defaultBranch, new RefUpdate(ref, RefChange.CREATED, null,
                        Fields.requiredSha(commit, "id"), true, Fields.time(commit, "timestamp"), base, from));
            }
            case "update" -> {
                CommitSha oldrev = Fields.sha(mr, "oldrev");
                if (oldrev == null) {
                    yield WebhookEvents.ignored("merge request update without new commits");
                }
                JsonObject commit = requireLast(last);
                yield WebhookEvents.of(defaultBranch, new RefUpdate(ref, RefChange.UPDATED, oldrev,
                        Fields.requiredSha(commit, "id"), true, Fields.time(commit, "timestamp"), base, from));
            }
            case "close", "merge" -> WebhookEvents.of(defaultBranch, new RefUpdate(ref, RefChange.DELETED,
                    last == null ? null : Fields.sha(last, "id"), null, true, null, base, from));
            default -> WebhookEvents.ignored("merge request action '" + action + "' does not change the head");
        };
    }

    private static JsonObject requireLast(JsonObject last) {
        if (last == null) {
            throw WebhookRejection.badRequest("missing field object_attributes.last_commit");
        }
        return last;
    }
}
