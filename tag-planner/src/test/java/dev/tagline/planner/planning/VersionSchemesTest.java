package dev.tagline.planner.planning;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** node-semver's strict valid(), @renovate/pep440's normalization and moment.js formatting, as metadata-action uses them. */
class VersionSchemesTest {

    @ParameterizedTest
    @CsvSource({"v1.2.3, 1.2.3, false", "1.2.3, 1.2.3, false", "v2.0.8-beta.67, 2.0.8-beta.67, true", "1.0.0-rc.1+build.5, 1.0.0-rc.1, true",
            "v9.5.7-alpha.2+fork.3.1.8, 9.5.7-alpha.2, true", "v101.12.13, 101.12.13, false", "0.0.0, 0.0.0, false"})
    void semverAcceptsAndNormalizes(String input, String version, boolean prerelease) {
        SemVer v = SemVer.parseOrNull(input);
        assertNotNull(v, input);
        assertEquals(version, v.version());
        assertEquals(prerelease, v.isPrerelease());
        assertEquals(input, v.raw());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "v1", "01.2.3", "1.02.3", "1.2.3-", "1.2.3-01", "release1", "20200110-RC2", "=1.2.3", "v 1.2.3", "1.2.3.4",
            "p1/v1.0.0"})
    void semverRejectsWhatNodeSemverRejects(String input) {
        assertNull(SemVer.parseOrNull(input));
    }

    @ParameterizedTest
    @CsvSource({"1.0.0-alpha, 1.0.0-alpha.1", "1.0.0-alpha.1, 1.0.0-alpha.beta", "1.0.0-alpha.beta, 1.0.0-beta", "1.0.0-beta, 1.0.0-beta.2",
            "1.0.0-beta.2, 1.0.0-beta.11", "1.0.0-beta.11, 1.0.0-rc.1", "1.0.0-rc.1, 1.0.0", "1.0.0, 1.0.1", "1.9.0, 1.10.0"})
    void semverPrecedence(String lower, String higher) {
        assertEquals(-1, Integer.signum(SemVer.parseOrNull(lower).compareTo(SemVer.parseOrNull(higher))));
    }

    @ParameterizedTest
    @CsvSource({"1.0dev4, 1.0.dev4, true", "1.1beta2, 1.1b2, true", "1.2.3rc2, 1.2.3rc2, true", "1.2post1, 1.2.post1, true",
            "v1.1.1, 1.1.1, false", "1.2, 1.2, false", "1.0-1, 1.0.post1, true", "1!2.0, 1!2.0, false", "1.0.0a, 1.0.0a0, true",
            "1.0+Local_1, 1.0+local.1, false", "1.0.0-preview.3, 1.0.0rc3, true"})
    void pep440Normalizes(String input, String normalized, boolean prereleaseLike) {
        Pep440 v = Pep440.parseOrNull(input);
        assertNotNull(v, input);
        assertEquals(normalized, v.normalized());
        assertEquals(prereleaseLike, v.isPrereleaseLike());
    }

    @ParameterizedTest
    @CsvSource({"1.0.dev1, 1.0a1", "1.0a1, 1.0b1", "1.0b1, 1.0rc1", "1.0rc1, 1.0", "1.0, 1.0.post1", "1.0, 1.0.1", "1.9, 1.10", "1.0.post1.dev1, 1.0.post1"})
    void pep440Ordering(String lower, String higher) {
        assertEquals(-1, Integer.signum(Pep440.parseOrNull(lower).compareTo(Pep440.parseOrNull(higher))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "YYYYMMDD | UTC | 20200110",
            "YYYYMMDD-HHmmss | Asia/Tokyo | 20200110-093000",
            "YYYY-MM-DDTHH:mm:ss.SSS[Z] | UTC | 2020-01-10T00:30:00.000Z",
            "YY.M.D h:mm A | UTC | 20.1.10 12:30 AM",
            "dddd Do MMMM | UTC | Friday 10th January",
            "ddd MMM DDDD Q W E | UTC | Fri Jan 010 1 2 5",
            "HH:mm Z | America/New_York | 19:30 -05:00",
            "X | UTC | 1578616200"})
    void momentFormatTokens(String format, String zone, String expected) {
        assertEquals(expected, MomentFormat.format(Instant.parse("2020-01-10T00:30:00Z"), format, ZoneId.of(zone)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"UTC | 2020-01-10T00:30:00Z", "Asia/Tokyo | 2020-01-10T09:30:00+09:00"})
    void momentDefaultFormat(String zone, String expected) {
        assertEquals(expected, MomentFormat.format(Instant.parse("2020-01-10T00:30:00Z"), null, zone.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(zone)));
    }
}
