package dev.tagline.listener.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleSlotsTest {
    private static final CronExpression NIGHTLY = CronExpression.parse("0 2 * * *");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void threeMissedNightsFireOnceForTheLatestSlot() {
        Optional<Instant> missed = ScheduleSlots.missedOnStart(NIGHTLY, UTC,
                Instant.parse("2026-11-19T02:00:00Z"), Instant.parse("2026-11-22T10:00:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-11-22T02:00:00Z")), missed);
    }

    @Test
    void nothingMissedWhenTheLatestSlotAlreadyFired() {
        assertEquals(Optional.empty(), ScheduleSlots.missedOnStart(NIGHTLY, UTC,
                Instant.parse("2026-11-22T02:00:00Z"), Instant.parse("2026-11-22T10:00:00Z")));
    }

    @Test
    void aScheduleThatNeverFiredWaitsForItsNextSlot() {
        assertEquals(Optional.empty(), ScheduleSlots.missedOnStart(NIGHTLY, UTC, null, Instant.parse("2026-11-22T10:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-11-23T02:00:00Z")),
                ScheduleSlots.next(NIGHTLY, UTC, null, Instant.parse("2026-11-22T10:00:00Z")));
    }

    @Test
    void nextSlotIsAfterTheLastFiredEvenIfTheClockIsBehind() {
        assertEquals(Optional.of(Instant.parse("2026-11-23T02:00:00Z")),
                ScheduleSlots.next(NIGHTLY, UTC, Instant.parse("2026-11-22T02:00:00Z"), Instant.parse("2026-11-22T01:59:00Z")));
    }
}
