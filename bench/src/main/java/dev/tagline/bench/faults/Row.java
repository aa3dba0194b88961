package dev.tagline.bench.faults;

import java.util.List;

/** One scenario's line of the table, with what went wrong in words. See {@link Accounting} for the definitions. */
record Row(String scenario, int eventsIn, int plans, int results, int tagsInRegistry, int lost, int duplicated, int wrong,
           long recoveryMillis, long settledMillis, boolean pass, List<String> details) {

    static final String HEADER = String.format("%-44s %6s %6s %7s %6s %5s %5s %5s %9s %9s  %s",
            "SCENARIO", "EVENTS", "PLANS", "RESULTS", "TAGS", "LOST", "DUP", "WRONG", "RECOVERY", "SETTLED", "VERDICT");

    String render() {
        return String.format("%-44s %6d %6d %7d %6d %5d %5d %5d %9s %9s  %s", scenario, eventsIn, plans, results, tagsInRegistry,
                lost, duplicated, wrong, recovery(), millis(settledMillis), pass ? "PASS" : "FAIL");
    }

    private String recovery() {
        if (recoveryMillis == Accounting.UNRECOVERED) {
            return "never";
        }
        return millis(recoveryMillis);
    }

    private static String millis(long ms) {
        return ms < 0 ? "-" : String.format("%.1f s", ms / 1000.0);
    }
}
