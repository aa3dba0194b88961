package dev.tagline.planner.planning;

import dev.tagline.policy.release.CalVerFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Calendar versions: what each scheme accepts (leading zeros where it says so) and how versions order. */
class CalVerTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "YYYY.0M.0D; 2024.05.01; true",
            "YYYY.0M.0D; v2024.05.01; true",
            "YYYY.0M.0D; 2024.5.1; false",
            "YYYY.0M.0D; 2024.13.01; false",
            "YYYY.0M.0D; 2024.05.32; false",
            "YYYY.0M.0D; 2024.05.01-rc.1; true",
            "YYYY.0M.0D; 2024.05.01rc1; true",
            "YYYY.0M.0D; 24.05.01; false",
            "YYYY.MM.DD; 2024.5.1; true",
            "YYYY.MM.DD; 2024.05.1; false",
            "YY.0M.MICRO; 24.05.0; true",
            "YY.0M.MICRO; 106.05.0; true",
            "YY.0M.MICRO; 06.05.0; false",
            "0Y.0M.MICRO; 06.05.0; true",
            "YYYY.MINOR.MICRO; 2024.0.12; true",
            "YYYY.MINOR.MICRO; 2024.01.12; false",
            "YYYY.0W; 2024.05; true",
            "YYYY.0W; 2024.54; false",
            "YYYY-0M-0D; 2024-05-01; true",
            "YYYY-0M-0D; 2024.05.01; false",
            "YYYY.0M.0D.MODIFIER; 2024.05.01.dev1; true"})
    void aSchemeAcceptsWhatItSays(String format, String text, boolean valid) {
        CalVer v = CalVer.parseOrNull(CalVerFormat.parse(format), text);
        if (valid) {
            assertNotNull(v, text);
        } else {
            assertNull(v, text);
        }
    }

    @ParameterizedTest(name = "{1} {3} {2}")
    @CsvSource(delimiter = ';', value = {
            "YYYY.0M.0D; 2024.10.01; 2024.09.30; >",
            "YYYY.0M.0D; 2024.05.01; 2024.05.01-rc.1; >",
            "YYYY.0M.0D; 2024.05.01-rc.2; 2024.05.01-rc.10; <",
            "YYYY.0M.0D; 2024.05.01-beta; 2024.05.01-rc; <",
            "YYYY.0M.0D; v2024.05.01; 2024.05.01; =",
            "YYYY.MINOR.MICRO; 2024.10.0; 2024.9.99; >",
            "YYYY.MINOR.MICRO; 2025.0.0; 2024.99.99; >"})
    void versionsOrderSegmentBySegmentByNumber(String format, String left, String right, String order) {
        CalVerFormat f = CalVerFormat.parse(format);
        int c = Integer.signum(CalVer.parseOrNull(f, left).compareTo(CalVer.parseOrNull(f, right)));
        assertEquals(switch (order) {
            case ">" -> 1;
            case "<" -> -1;
            default -> 0;
        }, c);
    }
}
