package dev.tagline.listener.service;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter: the n-th consecutive failure waits a random time in
 * [delay/2, delay] where delay = min(initial * 2^(n-1), max). Jitter keeps several instances (or
 * several readers) from hammering a broker that just came back in lock step.
 */
public record Backoff(Duration initial, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** The upper bound of the wait after {@code failures} consecutive failures (1 = the first). */
    public Duration ceiling(int failures) {
        int n = Math.max(1, Math.min(failures, 30));
        long ms = initial.toMillis() << (n - 1);
        return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
    }

    /** The wait after {@code failures} consecutive failures, with {@code random} in [0, 1). */
    public Duration delay(int failures, DoubleSupplier random) {
        long ceiling = ceiling(failures).toMillis();
        return Duration.ofMillis(ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2)));
    }
}
