package dev.tagline.listener.webhook;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.RepositoryId;

import java.util.Map;

/**
 * tagline's own format, for any sender (a CI job, a script, another forge):
 * <pre>
 * {"repository": "github.com/acme/shop", "ref": "refs/tags/v1.2.3",
 *  "before": null, "after": "&lt;40 hex&gt;", "commitTime": "2026-11-22T10:00:00Z", "deliveryId": "ci-123"}
 * </pre>
 * {@code repository} (or {@code cloneUrl}) and {@code ref} are required; {@code before} null/absent means
 * created, {@code after} null/absent means deleted; {@code after} must be a commit, not a tag object.
 * {@code commitTime}, optional, is the commit's committer date ({@code git log -1 --format=%cI <after>}), never
 * its author date: it dates the image, so any other value forks the commit's digest; absent, it is read from Git.
 */
final class GenericParser implements WebhookParser {
    @Override
    public Webhook parse(Map<String, String> headers, byte[] body) {
        JsonObject json = Json.parseObject(body);
        RepositoryId id;
        String cloneUrl = json.text("cloneUrl");
        if (json.has("repository")) {
            try {
                id = RepositoryId.of(json.requiredText("repository"));
            } catch (InvalidValueException e) {
                throw WebhookRejection.badRequest("field repository: " + e.getMessage());
            }
        } else if (cloneUrl != null) {
            id = Fields.repositoryFromUrl(json, "cloneUrl");
        } else {
            throw WebhookRejection.badRequest("missing field repository (or cloneUrl)");
        }
        String delivery = json.text("deliveryId");
        if (delivery == null) {
            delivery = Fields.header(headers, "X-Tagline-Delivery");
        }
        return new Webhook(WebhookProvider.GENERIC, id, cloneUrl, "ref", delivery, () -> interpret(json));
    }

    private static WebhookEvents interpret(JsonObject json) {
        GitRef ref = Fields.ref(json, "ref");
        CommitSha before = Fields.sha(json, "before");
        CommitSha after = Fields.sha(json, "after");
        if (before == null && after == null) {
            throw WebhookRejection.badRequest("one of before or after must be a commit id");
        }
        RefChange change = after == null ? RefChange.DELETED : before == null ? RefChange.CREATED : RefChange.UPDATED;
        return WebhookEvents.of(null, RefUpdate.commit(ref, change, before, after, Fields.time(json, "commitTime")));
    }
}
