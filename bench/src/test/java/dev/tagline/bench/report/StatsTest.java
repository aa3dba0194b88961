package dev.tagline.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {
    private static final List<Integer> ONE_TO_TWENTY = java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList();

    @ParameterizedTest(name = "p{0} of 1..20 is {1}")
    @CsvSource({"50, 10", "95, 19", "100, 20", "5, 1", "1, 1"})
    void nearestRankPercentileOfTwentySamples(double p, double expected) {
        assertEquals(expected, Stats.percentile(ONE_TO_TWENTY, p));
    }

    @Test
    void percentileIgnoresInputOrder() {
        assertEquals(3.0, Stats.median(List.of(5, 1, 3, 4, 2)));
    }

    @Test
    void medianOfEvenCountIsTheLowerMiddle() {
        assertEquals(2.0, Stats.median(List.of(4, 1, 2, 3)));
    }

    @Test
    void percentileOfNothingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(List.of(), 50));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(List.of(1), 0));
    }

    @Test
    void rateCountsIntervalsBetweenFirstAndLastEvent() {
        assertEquals(100.0, Stats.ratePerSecond(101, 1_000, 2_000));
    }

    @Test
    void rateNeedsTwoEventsOverATimeSpan() {
        assertThrows(IllegalArgumentException.class, () -> Stats.ratePerSecond(1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> Stats.ratePerSecond(10, 5, 5));
    }
}
