package dev.tagline.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @Test
    void jsonHasTheRunEveryFigureAndItsVerdict() {
        Report r = new Report(Map.of("nproc", 2));
        r.add(Figure.measured("retag.time", "3 retag", "ms", 100, "skopeo", 400, Target.ratioAtMost(1.0 / 3), "bench/run --only retag",
                Map.of("tags", 200)));
        String json = r.json();
        for (String field : List.of("\"nproc\": 2", "\"id\": \"retag.time\"", "\"ratio\": 0.25", "\"verdict\": \"PASS\"",
                "\"command\": \"bench/run --only retag\"", "\"tags\": 200")) {
            assertTrue(json.contains(field), field + " in\n" + json);
        }
    }

    @Test
    void notANumberIsWrittenAsNull() {
        assertEquals("{\n  \"v\": null\n}\n", Json.write(Map.of("v", Double.NaN)));
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("[\n  \"a\\\"b\\\\c\\nd\\u0001\"\n]\n", Json.write(List.of("a\"b\\c\nd\u0001")));
    }

    @Test
    void wholeNumbersHaveNoFraction() {
        assertEquals("[\n  3,\n  2.5\n]\n", Json.write(List.of(3.0, 2.5)));
    }

    @Test
    void tableListsFiguresInRunOrderWithTheirVerdict() {
        Report r = new Report(Map.of());
        r.add(Figure.measured("b", "4 prune", "ms", 10, "floor", 10, Target.ratioAtMost(1.3), "c", Map.of()));
        r.add(Figure.failed("a", "1 replay", "c", "broke"));
        String table = r.table();
        assertTrue(table.indexOf("1 replay") < table.indexOf("4 prune"), table);
        assertTrue(table.contains("ERROR"), table);
        assertTrue(table.contains("1.00x"), table);
        assertTrue(r.anyError());
    }

    @Test
    void aReportWithOnlyMeasuredFiguresHasNoError() {
        Report r = new Report(Map.of());
        r.add(Figure.measured("b", "4 prune", "ms", 20, "floor", 10, Target.ratioAtMost(1.3), "c", Map.of()));
        assertFalse(r.anyError());
        assertTrue(r.table().contains("MISS"));
    }
}
