package dev.tagline.schema.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fast writer must give exactly {@link Instant#toString()}: plan ids and digests depend on these bytes. */
class CanonicalInstantSerializerTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:15:30Z", "2026-12-04T10:15:30.100Z", "2026-12-04T10:15:30.123456Z",
            "2026-12-04T10:15:30.000000001Z", "2026-12-04T10:15:30.120Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "2024-02-29T12:00:00.5Z"})
    void writesWhatInstantToStringWrites(String text) {
        Instant instant = Instant.parse(text);
        assertEquals(instant.toString(), CanonicalInstantSerializer.format(instant));
    }

    @Test
    void randomInstantsAcrossTheYearsAndFractionsMatchToo() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(instant.toString(), CanonicalInstantSerializer.format(instant));
        }
    }

    @Test
    void theMapperWritesInstantsThroughIt() throws Exception {
        Instant instant = Instant.parse("2026-12-04T10:15:30.123Z");
        assertEquals("\"2026-12-04T10:15:30.123Z\"", Jackson.mapper().writeValueAsString(instant));
    }
}
