package dev.tagline.schema.value;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IsoInstantsTest {
    @Test
    void readsUtcAndOffsetTimesAndNothingElse() {
        Instant ten = Instant.parse("2026-11-22T10:00:00Z");
        assertEquals(Optional.of(ten), IsoInstants.parse("2026-11-22T10:00:00Z"));
        assertEquals(Optional.of(ten), IsoInstants.parse("2026-11-22T11:00:00+01:00"));
        assertEquals(Optional.empty(), IsoInstants.parse("2026-11-22"));
        assertEquals(Optional.empty(), IsoInstants.parse("2026-11-22T10:00:00"));
        assertEquals(Optional.empty(), IsoInstants.parse("yesterday"));
    }
}
