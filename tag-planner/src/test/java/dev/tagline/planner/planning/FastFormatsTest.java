package dev.tagline.planner.planning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The hand-written fast paths must give exactly what the formatter and the regex give: labels are part of the digest. */
class FastFormatsTest {

    @Test
    void createdTimeIsWhatTheFormatterWrites() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("+11000-01-01T00:00:00Z").getEpochSecond()), random.nextInt(1_000_000_000));
            assertEquals(TagPlanner.isoMillisByFormatter(t), TagPlanner.isoMillis(t), t.toString());
        }
        Instant edge = Instant.parse("0001-01-01T00:00:00Z");
        assertEquals(TagPlanner.isoMillisByFormatter(edge), TagPlanner.isoMillis(edge));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "feature/new-ui", "a b", "émoji✓tag", "-lead", "..", "", "UPPER_case-1.0", "x/y/z", "a\tb"})
    void sanitizeIsTheRegexReplacement(String tag) {
        assertEquals(tag.replaceAll("[^a-zA-Z0-9._-]+", "-"), MetadataEngine.sanitize(tag));
    }

    @Test
    void aSafeTagIsReturnedAsIs() {
        String tag = "sha-860c190";
        assertSame(tag, MetadataEngine.sanitize(tag));
    }
}
