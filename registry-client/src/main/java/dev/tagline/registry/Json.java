package dev.tagline.registry;

import dev.tagline.schema.json.JsonText;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registry documents as untyped JSON ({@link JsonText}) and typed access to their fields. */
final class Json {
    private Json() {
    }

    static Object parse(byte[] bytes) {
        return JsonText.parse(bytes);
    }

    static Object parse(String text) {
        return JsonText.parse(text);
    }

    static Map<String, Object> parseObject(byte[] bytes) {
        return JsonText.parseObject(bytes);
    }

    static String write(Object value) {
        return JsonText.write(value);
    }

    // ---- typed access --------------------------------------------------------------------------

    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String str)) {
            throw new IllegalArgumentException("field '" + key + "' must be a string");
        }
        return str;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("field '" + key + "' must be an object");
        }
        return (Map<String, Object>) v;
    }

    static List<Object> array(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Collections.emptyList();
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("field '" + key + "' must be an array");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) l;
        return list;
    }

    static long longValue(Map<String, Object> m, String key, long fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof BigDecimal n)) {
            throw new IllegalArgumentException("field '" + key + "' must be a number");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field '" + key + "' must be an integer");
        }
    }

    static Map<String, String> stringMap(Map<String, Object> m, String key) {
        Map<String, Object> o = object(m, key);
        if (o == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : o.entrySet()) {
            if (!(e.getValue() instanceof String str)) {
                throw new IllegalArgumentException("field '" + key + "." + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), str);
        }
        return out;
    }
}
