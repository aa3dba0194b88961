package dev.tagline.builder.failure;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void doublesPerRetryUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), backoff.delay(1, 1.0));
        assertEquals(Duration.ofSeconds(2), backoff.delay(2, 1.0));
        assertEquals(Duration.ofSeconds(32), backoff.delay(6, 1.0));
        assertEquals(Duration.ofSeconds(60), backoff.delay(7, 1.0));
        assertEquals(Duration.ofSeconds(60), backoff.delay(1000, 1.0));
    }

    @Test
    void jitterKeepsAtLeastHalfTheWait() {
        assertEquals(Duration.ofMillis(500), backoff.delay(1, 0.0));
        assertEquals(Duration.ofSeconds(30), backoff.delay(50, 0.0));
        assertEquals(Duration.ofMillis(750), backoff.delay(1, 0.5));
    }

    @Test
    void refusesACapBelowTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
