package dev.tagline.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run: the table a maintainer reads and the JSON kept in bench/results/latest.json. */
public final class Report {
    private final Map<String, Object> run;
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** {@code run}: when, on what machine, at what scale (written as the JSON's "run" object). */
    public Report(Map<String, Object> run) {
        this.run = new LinkedHashMap<>(run);
    }

    public void add(Figure figure) {
        figures.add(figure);
    }

    public void note(String note) {
        notes.add(note);
    }

    public void put(String key, Object value) {
        run.put(key, value);
    }

    /** In run order (the number a title starts with), then in the order they were added. */
    public List<Figure> figures() {
        List<Figure> sorted = new ArrayList<>(figures);
        sorted.sort(java.util.Comparator.comparing(f -> f.title().isEmpty() ? "" : f.title().substring(0, 1)));
        return sorted;
    }

    public boolean anyError() {
        return figures.stream().anyMatch(f -> f.verdict() == Figure.Verdict.ERROR);
    }

    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"figure", "tagline", "baseline", "ratio", "target", "verdict"});
        for (Figure f : figures()) {
            rows.add(new String[]{f.title(), amount(f.value(), f.unit()), f.baselineName().isEmpty() ? "-"
                    : amount(f.baseline(), f.unit()) + " " + f.baselineName(),
                    ratio(f.ratio()), f.target() == null ? "-" : f.target().text(), f.verdict().name()});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < 6; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            s.append('|');
            for (int i = 0; i < 6; i++) {
                s.append(' ').append(pad(r[i], width[i])).append(" |");
            }
            s.append('\n');
            if (n == 0) {
                s.append('|');
                for (int i = 0; i < 6; i++) {
                    s.append('-').append("-".repeat(width[i])).append("-|");
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    /** The table plus, per figure, its baseline, the command that reproduces it, and any error. */
    public String text() {
        StringBuilder s = new StringBuilder(table());
        s.append('\n');
        for (Figure f : figures()) {
            s.append("- ").append(f.title()).append(": ");
            if (f.error() != null) {
                s.append("ERROR ").append(f.error()).append("; ");
            }
            if (!f.baselineName().isEmpty()) {
                s.append("baseline = ").append(f.baselineName()).append("; ");
            }
            s.append("reproduce: ").append(f.command()).append('\n');
        }
        for (String n : notes) {
            s.append("note: ").append(n).append('\n');
        }
        return s.toString();
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run", run);
        List<Object> list = new ArrayList<>();
        for (Figure f : figures()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("title", f.title());
            m.put("unit", f.unit());
            m.put("value", f.value());
            m.put("baselineName", f.baselineName());
            m.put("baseline", f.baseline());
            m.put("ratio", f.ratio());
            m.put("target", f.target() == null ? null : Map.of("on", f.target().onRatio() ? "ratio" : "value",
                    "atMost", f.target().atMost(), "limit", f.target().limit(), "text", f.target().text()));
            m.put("verdict", f.verdict().name());
            m.put("command", f.command());
            m.put("error", f.error());
            m.put("details", f.details());
            list.add(m);
        }
        root.put("figures", list);
        root.put("notes", notes);
        return Json.write(root);
    }

    public static String ratio(double r) {
        if (Double.isNaN(r)) {
            return "-";
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.1fx" : r >= 0.1 ? "%.2fx" : "%.3fx", r);
    }

    static String amount(double v, String unit) {
        if (Double.isNaN(v)) {
            return "-";
        }
        String n = Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        return unit.isEmpty() ? n : n + " " + unit;
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
