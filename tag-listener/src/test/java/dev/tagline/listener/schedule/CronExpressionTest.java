package dev.tagline.listener.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronExpressionTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @ParameterizedTest(name = "{0} after {1} in {2} -> {3}")
    @CsvSource({
            "0 2 * * *,        2026-11-22T10:00:00Z, UTC,           2026-11-23T02:00:00Z",
            "0 2 * * *,        2026-11-22T01:59:00Z, UTC,           2026-11-22T02:00:00Z",
            "0 2 * * *,        2026-11-22T02:00:00Z, UTC,           2026-11-23T02:00:00Z",
            "0 2 * * *,        2026-11-22T10:00:00Z, Europe/Berlin, 2026-11-23T01:00:00Z",
            "*/15 * * * *,     2026-11-22T10:07:30Z, UTC,           2026-11-22T10:15:00Z",
            "0 9-17/4 * * *,   2026-11-22T10:00:00Z, UTC,           2026-11-22T13:00:00Z",
            "30 4 1 * *,       2026-11-22T00:00:00Z, UTC,           2026-12-01T04:30:00Z",
            "0 0 * * MON-FRI,  2026-11-21T12:00:00Z, UTC,           2026-11-23T00:00:00Z",
            "0 0 * * 7,        2026-11-21T12:00:00Z, UTC,           2026-11-22T00:00:00Z",
            "0 0 29 FEB *,     2026-03-01T00:00:00Z, UTC,           2028-02-29T00:00:00Z",
            "0 0 13 * FRI,     2026-11-20T12:00:00Z, UTC,           2026-11-27T00:00:00Z",
            "@daily,           2026-11-22T10:00:00Z, UTC,           2026-11-23T00:00:00Z",
            "@hourly,          2026-11-22T10:00:00Z, UTC,           2026-11-22T11:00:00Z",
            "@weekly,          2026-11-22T10:00:00Z, UTC,           2026-11-29T00:00:00Z",
    })
    void nextSlot(String cron, String after, String zone, String expected) {
        assertEquals(Instant.parse(expected), CronExpression.parse(cron).next(Instant.parse(after), ZoneId.of(zone)).orElseThrow());
    }

    @Test
    void slotSkippedBySpringForwardFiresAtTheShiftedInstant() {
        // Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29: 02:30 local does not exist
        Instant next = CronExpression.parse("30 2 * * *").next(Instant.parse("2026-03-28T12:00:00Z"), ZoneId.of("Europe/Berlin")).orElseThrow();
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), next);
    }

    @Test
    void repeatedLocalHourOnFallBackFiresOnce() {
        CronExpression cron = CronExpression.parse("30 2 * * *");
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant first = cron.next(Instant.parse("2026-10-24T12:00:00Z"), berlin).orElseThrow();
        Instant second = cron.next(first, berlin).orElseThrow();
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), first);
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), second);
    }

    @ParameterizedTest(name = "latest {0} at or before {1} -> {2}")
    @CsvSource({
            "0 2 * * *,   2026-11-22T10:00:00Z, 2026-11-22T02:00:00Z",
            "0 2 * * *,   2026-11-22T02:00:00Z, 2026-11-22T02:00:00Z",
            "0 2 * * *,   2026-11-22T01:59:59Z, 2026-11-21T02:00:00Z",
            "0 0 1 1 *,   2026-11-22T10:00:00Z, 2026-01-01T00:00:00Z",
    })
    void latestSlot(String cron, String at, String expected) {
        assertEquals(Instant.parse(expected), CronExpression.parse(cron).latestAtOrBefore(Instant.parse(at), UTC).orElseThrow());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "0 2 * *|expected 5 fields",
            "61 * * * *|minute value 61 is outside 0-59",
            "* 24 * * *|hour value 24",
            "* * 0 * *|day-of-month value 0",
            "* * * 13 *|month value 13",
            "* * * * 8|day-of-week value 8",
            "* * * FOO *|not a number or a name",
            "5-1 * * * *|runs backwards",
            "*/0 * * * *|value 0 is outside",
            "0 0 30 2 *|never fires",
            "@often|unknown macro",
            "1,,2 * * * *|empty list item",
    })
    void invalidExpressionsNameTheField(String cron, String reason) {
        InvalidCronException e = assertThrows(InvalidCronException.class, () -> CronExpression.parse(cron));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
