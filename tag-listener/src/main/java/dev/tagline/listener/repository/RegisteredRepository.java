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
 * @param reconcileInterval how often a repository without a poll interval is polled anyway (to see what
 *                     no webhook announced); null = the global setting, zero = never
 * @param branches     branch globs whose heads are events; empty means every branch
 */
public record RegisteredRepository(String name, RepositoryId id, String cloneUrl, WebhookProvider provider,
                                   String secret, Duration pollInterval, Duration reconcileInterval,
                                   List<String> branches) {
    public RegisteredRepository {
        branches = branches == null ? List.of() : List.copyOf(branches);
    }

    /**
     * How often this repository is read with ls-remote: its poll interval, else its reconcile
     * interval, else {@code globalReconcile}; empty when never (a zero interval).
     */
    public Optional<Duration> readInterval(Duration globalReconcile) {
        Duration d = pollInterval != null ? pollInterval : reconcileInterval != null ? reconcileInterval : globalReconcile;
        return d == null || d.isZero() || d.isNegative() ? Optional.empty() : Optional.of(d);
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
                + ", reconcileInterval=" + reconcileInterval + ", branches=" + branches + "]";
    }
}
