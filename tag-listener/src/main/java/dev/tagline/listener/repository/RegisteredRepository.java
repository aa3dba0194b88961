package dev.tagline.listener.repository;

import dev.tagline.listener.webhook.WebhookProvider;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository tagline knows, resolved from config. {@link #toString()} never shows the secret.
 *
 * @param provider     the only webhook endpoint that may publish for it, or null for any
 * @param secret       webhook secret, or null (unsigned webhooks accepted)
 * @param pollInterval null when not polled
 * @param branches     branch globs whose heads are events; empty means every branch
 */
public record RegisteredRepository(String name, RepositoryId id, String cloneUrl, WebhookProvider provider,
                                   String secret, Duration pollInterval, List<String> branches) {
    public RegisteredRepository {
        branches = branches == null ? List.of() : List.copyOf(branches);
    }

    public Optional<String> webhookSecret() {
        return Optional.ofNullable(secret).filter(s -> !s.isEmpty());
    }

    /** Tags, pull/merge request heads and watched branches are events; other refs are not. */
    public boolean watches(GitRef ref) {
        if (!ref.isBranch()) {
            return ref.isTag() || ref.isPullRequest();
        }
        if (branches.isEmpty()) {
            return true;
        }
        String name = ref.shortName();
        return branches.stream().anyMatch(glob -> globToRegex(glob).matcher(name).matches());
    }

    static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }

    @Override
    public String toString() {
        return "RegisteredRepository[" + name + " " + id + " " + cloneUrl + ", provider=" + provider
                + ", secret=" + (secret == null ? "unset" : "***") + ", pollInterval=" + pollInterval
                + ", branches=" + branches + "]";
    }
}
