package dev.tagline.planner.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Light traffic or a backlog, from the records of the current and the previous 100 ms window. */
class TrafficMeterTest {

    @ParameterizedTest(name = "{0} records in the window before, {1} in this one -> light: {2}")
    @CsvSource({
            "0, 0, true",
            "0, 200, true",
            "0, 201, false",
            "200, 0, true",
            "201, 0, false",
            "201, 5, false",
            "5, 5, true"})
    void lightAtMost200RecordsAWindow(int before, int now, boolean light) {
        TrafficMeter meter = new TrafficMeter(100);
        for (int i = 0; i < before; i++) {
            meter.processed(1_000);
        }
        for (int i = 0; i < now; i++) {
            meter.processed(1_150);
        }
        assertEquals(light, meter.light(1_150));
    }

    @ParameterizedTest(name = "a backlog {0} ms ago -> light now: {1}")
    @CsvSource({"50, false", "150, false", "199, false", "200, true", "5000, true"})
    void aBacklogIsForgottenAfterAFullQuietWindow(long later, boolean light) {
        TrafficMeter meter = new TrafficMeter(100);
        for (int i = 0; i < 500; i++) {
            meter.processed(1_000);
        }
        assertEquals(light, meter.light(1_000 + later));
    }
}
