package dev.tagline.schema.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Untyped JSON through {@link Jackson#mapper()}: parsing into {@code Map} (insertion ordered),
 * {@code List}, {@code String}, {@code Number} (decimals as {@code BigDecimal}), {@code Boolean} and
 * {@code null}; a compact writer and the indented layout the command lines print. Events go through
 * {@link EventCodec}; this is for command-line output and reports.
 */
public final class JsonText {
    private static final DefaultPrettyPrinter PRETTY = printer();

    private JsonText() {
    }

    /**
     * The indented layout of everything tagline prints as JSON: two spaces, {@code "key": value}, one array
     * element per line and {@code []}/{@code {}} when empty.
     */
    public static DefaultPrettyPrinter printer() {
        return new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    }

    public static Object parse(byte[] bytes) {
        try {
            return Jackson.mapper().readValue(bytes, Object.class);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    public static Object parse(String text) {
        try {
            return Jackson.mapper().readValue(text.startsWith("\uFEFF") ? text.substring(1) : text, Object.class);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /** Parses an object, or fails with a clear message. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] bytes) {
        Object v = parse(bytes);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /** Compact JSON of maps (in their iteration order), lists, strings, numbers, booleans, null and value types. */
    public static String write(Object value) {
        try {
            return Jackson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Indented JSON (two spaces, keys in the maps' iteration order; a list of scalars on one line,
     * other lists one element per line) ending with a newline: what the command lines print.
     */
    public static String writePretty(Object value) {
        JsonNode tree = inlineScalarArrays(Jackson.mapper().valueToTree(value));
        try {
            return Jackson.mapper().writer(PRETTY).writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Replaces every non-empty array of scalars by its one-line form ({@code ["a", "b"]}). */
    private static JsonNode inlineScalarArrays(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(inlineScalarArrays(e.getValue()));
            }
            return object;
        }
        if (node instanceof ArrayNode array && !array.isEmpty()) {
            boolean scalars = true;
            for (int i = 0; i < array.size(); i++) {
                scalars &= array.get(i).isValueNode();
            }
            if (scalars) {
                StringBuilder line = new StringBuilder("[");
                for (int i = 0; i < array.size(); i++) {
                    line.append(i == 0 ? "" : ", ").append(write(array.get(i)));
                }
                return array.rawValueNode(new RawValue(line.append(']').toString()));
            }
            for (int i = 0; i < array.size(); i++) {
                array.set(i, inlineScalarArrays(array.get(i)));
            }
        }
        return node;
    }

    private static IllegalArgumentException invalid(IOException e) {
        String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
        long offset = at == null ? -1 : at.getCharOffset() >= 0 ? at.getCharOffset() : at.getByteOffset();
        return new IllegalArgumentException("invalid JSON at offset " + offset + ": "
                + (what == null ? e.getClass().getSimpleName() : what.replaceAll("[\\r\\n]+", " ")), e);
    }
}
