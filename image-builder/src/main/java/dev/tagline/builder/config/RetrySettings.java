package dev.tagline.builder.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How long and how often the service retries a plan whose failure is transient
 * ({@code tagline.builder.retry.*}).
 *
 * @param maxDuration    retry budget of one plan, from its first transient failure; after it the
 *                       variants still failing become FAILED results that say so (transient-exhausted)
 * @param initialBackoff wait after the first transient failure; doubled per retry
 * @param maxBackoff     cap of the wait (before jitter): also the longest a plan may wait after its registry
 *                       came back, so it stays well under the 10 s recovery target
 */
@ConfigurationProperties("tagline.builder.retry")
public record RetrySettings(
        @Bindable(defaultValue = "1h") Duration maxDuration,
        @Bindable(defaultValue = "1s") Duration initialBackoff,
        @Bindable(defaultValue = "5s") Duration maxBackoff) {

    public RetrySettings {
        maxDuration = maxDuration == null ? Duration.ofHours(1) : maxDuration;
        initialBackoff = initialBackoff == null || initialBackoff.isNegative() ? Duration.ofSeconds(1) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        maxBackoff = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
    }
}
