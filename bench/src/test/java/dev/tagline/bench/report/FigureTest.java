package dev.tagline.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FigureTest {

    private static Figure figure(double value, double baseline, Target target) {
        return Figure.measured("x", "1 x", "ms", value, "base", baseline, target, "bench/run", Map.of());
    }

    @Test
    void ratioIsAlwaysValueOverBaseline() {
        assertEquals(0.25, figure(50, 200, null).ratio());
    }

    @ParameterizedTest(name = "throughput {0} vs {1}: {2}")
    @CsvSource({"50, 100, PASS", "49, 100, MISS", "300, 100, PASS"})
    void throughputMustReachHalfTheBaseline(double value, double baseline, Figure.Verdict expected) {
        assertEquals(expected, figure(value, baseline, Target.ratioAtLeast(0.5)).verdict());
    }

    @ParameterizedTest(name = "latency {0} vs {1}: {2}")
    @CsvSource({"200, 100, PASS", "201, 100, MISS", "50, 100, PASS"})
    void latencyMayBeAtMostTwiceTheBaseline(double value, double baseline, Figure.Verdict expected) {
        assertEquals(expected, figure(value, baseline, Target.ratioAtMost(2.0)).verdict());
    }

    @ParameterizedTest(name = "retag {0} ms vs skopeo {1} ms: {2}")
    @CsvSource({"100, 300, PASS", "101, 300, MISS"})
    void threeTimesFasterIsAtMostAThirdOfTheBaselineTime(double value, double baseline, Figure.Verdict expected) {
        assertEquals(expected, figure(value, baseline, Target.ratioAtMost(1.0 / 3)).verdict());
    }

    @ParameterizedTest(name = "{0} MB: {1}")
    @CsvSource({"299.9, PASS", "300, MISS"})
    void memoryMustStayBelowTheLimitWhateverTheBaseline(double value, Figure.Verdict expected) {
        assertEquals(expected, figure(value, 30, Target.valueBelow(300, "< 300 MB")).verdict());
    }

    @Test
    void noTargetIsInformation() {
        assertEquals(Figure.Verdict.INFO, figure(1, 2, null).verdict());
    }

    @Test
    void aFailedMeasurementIsAnErrorNeverAPass() {
        Figure f = Figure.failed("x", "1 x", "bench/run", "broker did not start");
        assertEquals(Figure.Verdict.ERROR, f.verdict());
        assertTrue(Double.isNaN(f.ratio()));
    }

    @Test
    void aRatioTargetWithoutBaselineIsAnError() {
        assertEquals(Figure.Verdict.ERROR, figure(1, 0, Target.ratioAtMost(2)).verdict());
    }
}
