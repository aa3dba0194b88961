package dev.tagline.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured figure: tagline's value, the baseline measured in the same run, their ratio
 * ({@code value / baseline}, always in that direction), the target and the verdict.
 *
 * @param id        stable key in the JSON (e.g. {@code replay.throughput})
 * @param title     what the table calls it
 * @param unit      unit of value and baseline (e.g. {@code plans/s}, {@code ms}, {@code B}, {@code MB})
 * @param baseline  NaN when the figure has no baseline of its own (it is then judged on its value)
 * @param command   the command that reproduces the tagline side and the baseline
 * @param error     why the figure could not be measured (then value is NaN and the verdict ERROR)
 */
public record Figure(String id, String title, String unit, double value, String baselineName, double baseline,
                     Target target, String command, Map<String, Object> details, String error) {

    public enum Verdict { PASS, MISS, INFO, ERROR }

    public Figure {
        details = details == null ? Map.of() : new LinkedHashMap<>(details);
    }

    public static Figure measured(String id, String title, String unit, double value, String baselineName, double baseline,
                                  Target target, String command, Map<String, Object> details) {
        return new Figure(id, title, unit, value, baselineName, baseline, target, command, details, null);
    }

    public static Figure failed(String id, String title, String command, String error) {
        return new Figure(id, title, "", Double.NaN, "", Double.NaN, null, command, Map.of(), error);
    }

    public double ratio() {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
            return Double.NaN;
        }
        return value / baseline;
    }

    public Verdict verdict() {
        if (error != null || Double.isNaN(value)) {
            return Verdict.ERROR;
        }
        if (target == null) {
            return Verdict.INFO;
        }
        if (target.onRatio() && Double.isNaN(ratio())) {
            return Verdict.ERROR;
        }
        return target.met(value, ratio()) ? Verdict.PASS : Verdict.MISS;
    }
}
