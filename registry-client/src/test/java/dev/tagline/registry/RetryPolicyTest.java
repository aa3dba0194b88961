package dev.tagline.registry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryPolicyTest {
    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(350));
        assertEquals(Duration.ofMillis(100), p.backoff(1, null));
        assertEquals(Duration.ofMillis(200), p.backoff(2, null));
        assertEquals(Duration.ofMillis(350), p.backoff(3, null));
        assertEquals(Duration.ofMillis(350), p.backoff(5, null));
    }

    @Test
    void retryAfterIsHonouredUpToTheCap() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(1), p.backoff(1, Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(2), p.backoff(1, Duration.ofSeconds(120)));
    }

    @Test
    void attemptsAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(21, Duration.ZERO, Duration.ZERO));
        assertEquals(1, RetryPolicy.none().maxAttempts());
    }
}
