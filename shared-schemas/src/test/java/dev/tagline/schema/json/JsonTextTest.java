package dev.tagline.schema.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTextTest {

    @Test
    void parsesIntoOrderedMapsListsAndExactNumbers() {
        Object v = JsonText.parse("{\"b\": [1, 2.50, true, null], \"a\": \"x\\u00e9\\n\"}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()), "insertion order");
        assertEquals(new BigDecimal("2.50"), ((List<?>) m.get("b")).get(1));
        assertEquals("xé\n", m.get("a"));
    }

    @Test
    void compactAndPrettyWritersRoundTrip() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tags", List.of("1.4.2", "latest"));
        doc.put("empty", List.of());
        doc.put("labels", Map.of("k", "quote \" and \\ and \t"));
        doc.put("n", null);
        doc.put("rows", List.of(Map.of("a", "b")));
        assertEquals(doc, JsonText.parse(JsonText.write(doc)));
        assertEquals(doc, JsonText.parse(JsonText.writePretty(doc)));
        assertEquals("""
                {
                  "tags": ["1.4.2", "latest"],
                  "empty": [],
                  "labels": {
                    "k": "quote \\" and \\\\ and \\t"
                  },
                  "n": null,
                  "rows": [
                    {
                      "a": "b"
                    }
                  ]
                }
                """, JsonText.writePretty(doc));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "{} extra", "01"})
    void malformedInputIsRejectedWithItsOffset(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonText.parse(text));
        assertTrue(e.getMessage().startsWith("invalid JSON at offset"), e.getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.parse("[".repeat(100) + "]".repeat(100)));
    }
}
