package dev.tagline.listener.webhook;

import dev.tagline.schema.event.EventSource;

import java.util.Locale;
import java.util.Optional;

/** The senders tagline understands, each at {@code POST /webhooks/<path>}. */
public enum WebhookProvider {
    GITHUB("github", EventSource.GITHUB),
    GITLAB("gitlab", EventSource.GITLAB),
    GITEA("gitea", EventSource.GITEA),
    GENERIC("generic", EventSource.GENERIC);

    private final String path;
    private final EventSource source;

    WebhookProvider(String path, EventSource source) {
        this.path = path;
        this.source = source;
    }

    public String path() {
        return path;
    }

    public EventSource source() {
        return source;
    }

    public static Optional<WebhookProvider> byPath(String path) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        for (WebhookProvider provider : values()) {
            if (provider.path.equals(p)) {
                return Optional.of(provider);
            }
        }
        if (p.equals("forgejo")) {
            return Optional.of(GITEA);
        }
        return Optional.empty();
    }
}
