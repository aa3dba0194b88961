package dev.tagline.listener.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleSlotsTest {
    private static final CronExpression NIGHTLY = CronExpression.parse("0 2 * * *");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Instant STARTED = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void threeMissedNightsFireOnceForTheLatestSlot() {
        Optional<Instant> due = ScheduleSlots.due(NIGHTLY, UTC,
                Instant.parse("2026-11-19T02:00:00Z"), STARTED, Instant.parse("2026-11-22T10:00:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-11-22T02:00:00Z")), due);
    }

    @Test
    void nothingIsDueWhenTheLatestSlotAlreadyFired() {
        assertEquals(Optional.empty(), ScheduleSlots.due(NIGHTLY, UTC,
                Instant.parse("2026-11-22T02:00:00Z"), STARTED, Instant.parse("2026-11-22T10:00:00Z")));
    }

    @Test
    void aSlotIsDueFromItsExactMinute() {
        assertEquals(Optional.of(Instant.parse("2026-11-22T02:00:00Z")), ScheduleSlots.due(NIGHTLY, UTC,
                Instant.parse("2026-11-21T02:00:00Z"), STARTED, Instant.parse("2026-11-22T02:00:00Z")));
    }

    @Test
    void aNewScheduleDoesNotFireASlotFromBeforeItStarted() {
        Instant started = Instant.parse("2026-11-22T10:00:00Z");
        assertEquals(Optional.empty(), ScheduleSlots.due(NIGHTLY, UTC, null, started, Instant.parse("2026-11-22T10:00:30Z")));
        assertEquals(Optional.of(Instant.parse("2026-11-23T02:00:00Z")),
                ScheduleSlots.due(NIGHTLY, UTC, null, started, Instant.parse("2026-11-23T02:00:10Z")));
    }

    @Test
    void slotsAreReadInTheScheduleTimeZone() {
        // 02:00 in Berlin is 01:00 UTC in winter
        assertEquals(Optional.of(Instant.parse("2026-11-22T01:00:00Z")), ScheduleSlots.due(NIGHTLY, ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-11-21T01:00:00Z"), STARTED, Instant.parse("2026-11-22T01:30:00Z")));
    }

    @Test
    void nextSlotIsAfterTheLastFiredEvenIfTheClockIsBehind() {
        assertEquals(Optional.of(Instant.parse("2026-11-23T02:00:00Z")),
                ScheduleSlots.next(NIGHTLY, UTC, Instant.parse("2026-11-22T02:00:00Z"), Instant.parse("2026-11-22T01:59:00Z")));
    }
}
