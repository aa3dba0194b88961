package dev.tagline.listener.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * One source repository tagline listens to ({@code tagline.repositories.<name>.*}).
 *
 * @param name         the config key, used in logs
 * @param id           the repository id ({@code github.com/acme/shop}); derived from the clone URL when unset
 * @param cloneUrl     https, ssh or file URL the poller and JGit look-ups use
 * @param provider     {@code github}, {@code gitlab}, {@code gitea} or {@code generic}: the webhook endpoint
 *                     allowed to publish for this repository; unset allows any
 * @param secret       the webhook secret (set it from the environment: {@code ${SHOP_WEBHOOK_SECRET}});
 *                     unset means webhooks for this repository are accepted unsigned
 * @param pollInterval poll the remote with ls-remote this often; unset means no polling
 * @param reconcileInterval for a repository without {@code poll-interval}: how often it is polled anyway to
 *                     see what no webhook announced; unset = {@code tagline.listener.reconcile-interval}
 *                     (5m), {@code 0s} = never
 * @param branches     branch names or globs whose heads are events ({@code main}, {@code release/*}); unset
 *                     means every branch
 */
@EachProperty("tagline.repositories")
public record RepositoryConfig(@Parameter String name,
                               @Nullable String id,
                               String cloneUrl,
                               @Nullable String provider,
                               @Nullable String secret,
                               @Nullable Duration pollInterval,
                               @Nullable Duration reconcileInterval,
                               @Nullable List<String> branches) {
    @Override
    public String toString() {
        return "RepositoryConfig[name=" + name + ", id=" + id + ", cloneUrl=" + cloneUrl + ", provider=" + provider
                + ", secret=" + (secret == null ? "unset" : "***") + ", pollInterval=" + pollInterval
                + ", reconcileInterval=" + reconcileInterval + ", branches=" + branches + "]";
    }
}
