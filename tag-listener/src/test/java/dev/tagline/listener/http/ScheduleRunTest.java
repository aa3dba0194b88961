package dev.tagline.listener.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleRunTest {
    private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noSlotMeansNow() {
        assertNull(ScheduleRun.slot(null, null, NOW));
        assertNull(ScheduleRun.slot(json("{}"), null, NOW));
        assertNull(ScheduleRun.slot(new byte[0], null, NOW));
    }

    @Test
    void theSlotComesFromTheBodyOrTheQuery() {
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), ScheduleRun.slot(json("{\"at\": \"2026-03-01T00:00:00Z\"}"), null, NOW));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), ScheduleRun.slot(null, "2026-03-01T01:00:00+01:00", NOW));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), ScheduleRun.slot(null, "2026-03-01T00:00:00.750Z", NOW), "whole seconds");
    }

    @Test
    void badOrFutureSlotsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScheduleRun.slot(null, "yesterday", NOW)).getMessage()
                .contains("not an ISO-8601 time"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScheduleRun.slot(null, "2027-01-01T00:00:00Z", NOW)).getMessage()
                .contains("in the future"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleRun.slot(json("not json"), null, NOW));
    }
}
