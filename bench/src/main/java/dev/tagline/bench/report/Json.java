package dev.tagline.bench.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tagline.cli.JsonOutput;
import dev.tagline.schema.json.Jackson;

import java.io.IOException;

/**
 * The results file, written by Jackson: two-space indent, every array element on its own line, a
 * trailing newline. Doubles are rounded to six decimals, whole ones have no fraction, and NaN or
 * infinity (a figure that could not be measured) is null.
 */
public final class Json {
    private static final ObjectWriter WRITER = JsonOutput.writer(Jackson.mapper().copy()
            .registerModule(new SimpleModule("bench-numbers")
                    .addSerializer(Double.class, new RoundedDouble())
                    .addSerializer(double.class, new RoundedDouble())));

    private Json() {
    }

    public static String write(Object value) {
        return JsonOutput.pretty(WRITER, value);
    }

    private static final class RoundedDouble extends StdSerializer<Double> {
        RoundedDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double d, JsonGenerator g, SerializerProvider p) throws IOException {
            if (d.isNaN() || d.isInfinite()) {
                g.writeNull();
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                g.writeNumber(d.longValue());
            } else {
                g.writeNumber(Math.round(d * 1e6) / 1e6);
            }
        }
    }
}
