package dev.tagline.listener.service;

import dev.tagline.listener.service.PollerService.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PollScheduleTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @ParameterizedTest
    @CsvSource({
            "BASELINE, PT1H", "UNCHANGED, PT1H", "PUBLISHED, PT1H",
            "NOT_OWNER, PT5S",
            // full jitter with random 0.999: the first retry comes after ~1 s, not after the interval
            "NOT_READY, PT0.999S", "REMOTE_UNAVAILABLE, PT0.999S", "PUBLISH_FAILED, PT0.999S",
    })
    void theWaitAfterOnePoll(Status status, Duration expected) {
        assertEquals(expected, new PollSchedule(null, HOUR).next(status, () -> 0.999));
    }

    @Test
    void failedPollsBackOffUpToThirtySecondsThenASuccessResetsToTheInterval() {
        PollSchedule schedule = new PollSchedule(null, HOUR);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 10; i++) {
            last = schedule.next(Status.NOT_READY, () -> 0.9999);
        }
        assertEquals(Duration.ofSeconds(30), last.plusMillis(2).withNanos(0));
        assertEquals(10, schedule.failures());
        assertEquals(HOUR, schedule.next(Status.UNCHANGED, () -> 0.5));
        assertEquals(0, schedule.failures());
        assertEquals(Duration.ofSeconds(1), schedule.next(Status.NOT_READY, () -> 0.9999).plusMillis(1));
    }

    @Test
    void aShortIntervalCapsEveryWait() {
        PollSchedule schedule = new PollSchedule(null, Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            schedule.next(Status.REMOTE_UNAVAILABLE, () -> 0.9999);
        }
        assertEquals(Duration.ofSeconds(2), schedule.next(Status.REMOTE_UNAVAILABLE, () -> 0.9999).plusMillis(1));
        assertEquals(Duration.ofSeconds(2), schedule.next(Status.NOT_OWNER, () -> 0.5));
    }
}
