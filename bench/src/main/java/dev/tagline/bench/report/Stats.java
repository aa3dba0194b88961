package dev.tagline.bench.report;

import java.util.Arrays;
import java.util.List;

/** Order statistics over a handful of samples (nearest-rank percentiles, no interpolation). */
public final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile: the smallest sample with at least {@code p}% of the samples at or below it. */
    public static double percentile(List<? extends Number> samples, double p) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        double[] sorted = samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public static double median(List<? extends Number> samples) {
        return percentile(samples, 50);
    }

    /** Events per second when {@code count} events were completed between the first and the last timestamp (ms). */
    public static double ratePerSecond(long count, long firstMillis, long lastMillis) {
        if (count < 2 || lastMillis <= firstMillis) {
            throw new IllegalArgumentException("need at least two events over a positive time span (count " + count
                    + ", span " + (lastMillis - firstMillis) + " ms)");
        }
        return (count - 1) * 1000.0 / (lastMillis - firstMillis);
    }

    public static double sum(double... values) {
        return Arrays.stream(values).sum();
    }
}
