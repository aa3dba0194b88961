package dev.tagline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.schema.json.Jackson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry documents as Jackson trees ({@link Jackson#mapper()}), and typed access to their fields
 * that names the field when it has the wrong type. An absent field and JSON null read the same.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** @throws IllegalArgumentException "invalid JSON at ...: ..." when the bytes are not one JSON document */
    static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = Jackson.mapper().readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("invalid JSON: empty document");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage().replaceAll("[\\r\\n]+", " "), e);
        }
    }

    static ObjectNode parseObject(byte[] bytes) {
        if (!(parse(bytes) instanceof ObjectNode o)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return o;
    }

    private static JsonNode field(JsonNode m, String key) {
        JsonNode v = m.get(key);
        return v == null || v.isNull() ? null : v;
    }

    static String string(JsonNode m, String key) {
        JsonNode v = field(m, key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + key + "' must be a string");
        }
        return v.textValue();
    }

    static ObjectNode object(JsonNode m, String key) {
        JsonNode v = field(m, key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            throw new IllegalArgumentException("field '" + key + "' must be an object");
        }
        return o;
    }

    static List<JsonNode> array(JsonNode m, String key) {
        JsonNode v = field(m, key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + key + "' must be an array");
        }
        List<JsonNode> list = new ArrayList<>(v.size());
        v.forEach(list::add);
        return list;
    }

    static long longValue(JsonNode m, String key, long fallback) {
        JsonNode v = field(m, key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field '" + key + "' must be a number");
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + key + "' must be an integer");
        }
        return v.longValue();
    }

    static Map<String, String> stringMap(JsonNode m, String key) {
        ObjectNode o = object(m, key);
        if (o == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("field '" + key + "." + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
