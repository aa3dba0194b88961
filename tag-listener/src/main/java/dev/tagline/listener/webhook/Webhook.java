package dev.tagline.listener.webhook;

import dev.tagline.schema.value.RepositoryId;

/**
 * A webhook whose body is valid JSON and whose repository is known, not yet interpreted: the shell
 * looks the repository up and checks the signature before {@link #events()} reads the ref changes.
 *
 * @param repository the repository id derived from the payload
 * @param cloneUrl   the clone URL the payload names (may differ from the configured one)
 * @param kind       the sender's event kind, e.g. {@code push}, {@code Tag Push Hook}
 * @param deliveryId the sender's delivery id, or null
 * @param ownerWide  from a hook of a whole instance, organization or app (see {@link #asOwnerWide()})
 */
public record Webhook(WebhookProvider provider, RepositoryId repository, String cloneUrl, String kind,
                      String deliveryId, Interpreter interpreter, boolean ownerWide) {

    public Webhook(WebhookProvider provider, RepositoryId repository, String cloneUrl, String kind, String deliveryId,
                   Interpreter interpreter) {
        this(provider, repository, cloneUrl, kind, deliveryId, interpreter, false);
    }

    /**
     * This delivery as one of a hook that reports every repository of its owner (a GitLab instance's system hook, a
     * GitHub organization's or app's webhook): one tagline does not build is ignored, not refused.
     */
    public Webhook asOwnerWide() {
        return new Webhook(provider, repository, cloneUrl, kind, deliveryId, interpreter, true);
    }

    /** Reads the ref changes. @throws WebhookRejection 400 on missing fields or invalid refs/commits */
    public WebhookEvents events() {
        return interpreter.interpret();
    }

    @FunctionalInterface
    public interface Interpreter {
        WebhookEvents interpret();
    }
}
