package dev.tagline.schema.value;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO-8601 times as people, command lines and webhook payloads write them. */
public final class IsoInstants {
    private IsoInstants() {
    }

    /**
     * A time with an offset ({@code 2026-11-22T11:00:00+01:00}) or in UTC ({@code 2026-11-22T10:00:00Z});
     * empty when {@code text} is neither.
     */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
