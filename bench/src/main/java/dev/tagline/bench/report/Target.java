package dev.tagline.bench.report;

/**
 * A target from issue 6, checked either on the ratio (tagline / baseline) or on the value itself.
 *
 * @param onRatio true: the limit applies to {@code value / baseline}; false: to the value
 * @param atMost  true: PASS when at or below the limit; false: PASS when at or above it
 * @param limit   the limit
 * @param text    how the table shows it, e.g. {@code >= 0.5x} or {@code < 300 MB}
 */
public record Target(boolean onRatio, boolean atMost, double limit, String text) {

    public static Target ratioAtLeast(double limit) {
        return new Target(true, false, limit, ">= " + Report.ratio(limit));
    }

    public static Target ratioAtMost(double limit) {
        return new Target(true, true, limit, "<= " + Report.ratio(limit));
    }

    public static Target valueAtMost(double limit, String text) {
        return new Target(false, true, limit, text);
    }

    public static Target valueBelow(double limit, String text) {
        return new Target(false, true, Math.nextDown(limit), text);
    }

    public boolean met(double value, double ratio) {
        double x = onRatio ? ratio : value;
        if (Double.isNaN(x)) {
            return false;
        }
        return atMost ? x <= limit : x >= limit;
    }
}
