package dev.tagline.listener.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    @Test
    void ceilingDoublesFromInitialUpToMax() {
        assertEquals(Duration.ofMillis(250), backoff.ceiling(1));
        assertEquals(Duration.ofMillis(500), backoff.ceiling(2));
        assertEquals(Duration.ofMillis(4000), backoff.ceiling(5));
        assertEquals(Duration.ofSeconds(5), backoff.ceiling(6));
        assertEquals(Duration.ofSeconds(5), backoff.ceiling(1_000_000), "no overflow after many failures");
    }

    @Test
    void jitterStaysBetweenHalfTheCeilingAndTheCeiling() {
        assertEquals(Duration.ofMillis(2000), backoff.delay(5, () -> 0.0));
        assertEquals(Duration.ofMillis(3000), backoff.delay(5, () -> 0.5));
        assertEquals(Duration.ofMillis(3999), backoff.delay(5, () -> 0.9999));
        assertEquals(Duration.ofMillis(2500), backoff.delay(40, () -> 0.0));
    }

    @Test
    void initialMustBePositiveAndAtMostMax() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
