package dev.tagline.listener.webhook;

import java.util.List;

/**
 * What a webhook means for the pipeline: the ref changes to publish, or none and the reason it is
 * ignored (a ping, a label edit, a pull request comment, ...).
 */
public record WebhookEvents(List<RefUpdate> updates, String ignoredReason, String defaultBranch) {
    public WebhookEvents {
        updates = List.copyOf(updates);
        if (updates.isEmpty() && (ignoredReason == null || ignoredReason.isBlank())) {
            throw new IllegalArgumentException("a webhook without ref changes needs the reason it is ignored");
        }
    }

    static WebhookEvents of(String defaultBranch, RefUpdate... updates) {
        return new WebhookEvents(List.of(updates), null, defaultBranch);
    }

    static WebhookEvents ignored(String reason) {
        return new WebhookEvents(List.of(), reason, null);
    }

    public boolean isIgnored() {
        return updates.isEmpty();
    }
}
