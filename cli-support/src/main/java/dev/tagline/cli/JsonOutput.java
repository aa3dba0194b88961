package dev.tagline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tagline.schema.json.JsonText;

/** {@code --output json}: maps, lists and plain values printed by Jackson, two-space indented, a newline at the end. */
public final class JsonOutput {
    private static final ObjectWriter WRITER = writer(new ObjectMapper());

    private JsonOutput() {
    }

    /** {@link JsonText#printer()}: {@code "key": value}, one array element per line, {@code []}/{@code {}} when empty. */
    public static DefaultPrettyPrinter printer() {
        return JsonText.printer();
    }

    /** {@code mapper}'s writer with the layout of {@link JsonText#printer()}. */
    public static ObjectWriter writer(ObjectMapper mapper) {
        return mapper.writer(JsonText.printer());
    }

    public static String pretty(Object value) {
        return pretty(WRITER, value);
    }

    /** {@code value} written by {@code writer} (one from {@link #writer(ObjectMapper)}), a newline at the end. */
    public static String pretty(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
