package dev.tagline.listener.webhook;

import java.util.Map;

/**
 * Turns one provider's payload and headers into a {@link Webhook}. Pure: no I/O, no framework.
 * Headers are given with lowercase names.
 */
public interface WebhookParser {
    /** @throws WebhookRejection 400 when the body is not JSON or names no repository */
    Webhook parse(Map<String, String> headers, byte[] body);

    static WebhookParser of(WebhookProvider provider) {
        return switch (provider) {
            case GITHUB -> new GitHubParser();
            case GITLAB -> new GitLabParser();
            case GITEA -> new GiteaParser();
            case GENERIC -> new GenericParser();
        };
    }
}
