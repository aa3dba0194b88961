package dev.tagline.builder.failure;

import java.time.Duration;

/**
 * Capped exponential backoff with equal jitter (pure): retry {@code n} waits between half and all of
 * {@code min(initial * 2^(n-1), max)}, so instances retrying the same outage spread out but never
 * hammer faster than half the planned rate.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** The wait before retry number {@code retry} (1-based); {@code unitRandom} in [0, 1). */
    public Duration delay(int retry, double unitRandom) {
        long cap = max.toMillis();
        long base = initial.toMillis();
        for (int i = 1; i < retry && base < cap; i++) {
            base = Math.min(cap, base * 2);
        }
        base = Math.min(cap, base);
        double r = Math.min(Math.max(unitRandom, 0), 1);
        return Duration.ofMillis(base / 2 + Math.round(r * (base - base / 2)));
    }
}
