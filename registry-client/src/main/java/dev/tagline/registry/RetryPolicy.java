package dev.tagline.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential backoff for transient failures (connection errors, 5xx, 429). A 429 or 503
 * with {@code Retry-After} waits that long, capped at {@code maxBackoff}. Permanent failures (400,
 * 401, 403, 404, invalid manifests) are never retried.
 *
 * @param maxAttempts    attempts in total, at least 1 (1 = no retry)
 * @param initialBackoff wait before the second attempt; doubled each time
 * @param maxBackoff     cap of one wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be 1..20, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
    }

    /** 4 attempts, 200 ms doubling up to 5 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** The wait after failed attempt number {@code attempt} (1-based), honouring a Retry-After. */
    Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
