package dev.tagline.schema.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an instant exactly as {@link Instant#toString()} does (ISO-8601, UTC, the fraction in groups
 * of three digits as needed), without {@code DateTimeFormatter}, which was most of writing a plan's
 * times; years outside 0000-9999 take {@code Instant.toString()} itself.
 */
final class CanonicalInstantSerializer extends StdScalarSerializer<Instant> {
    CanonicalInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(format(value));
    }

    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return instant.toString();
        }
        int nanos = instant.getNano();
        char[] out = new char[30];
        int n = 0;
        n = digits(out, n, year, 4);
        out[n++] = '-';
        n = digits(out, n, t.getMonthValue(), 2);
        out[n++] = '-';
        n = digits(out, n, t.getDayOfMonth(), 2);
        out[n++] = 'T';
        n = digits(out, n, t.getHour(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getMinute(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getSecond(), 2);
        if (nanos > 0) {
            out[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                n = digits(out, n, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                n = digits(out, n, nanos / 1_000, 6);
            } else {
                n = digits(out, n, nanos, 9);
            }
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    private static int digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
