package dev.tagline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonFieldsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryValueKindWithTypedAccess() {
        JsonNode m = JsonFields.parseObject(b("{\"s\":\"a\\u00e9\\n\",\"n\":-12.5e1,\"t\":true,\"z\":null,\"l\":[1,{}],\"o\":{\"k\":\"v\"}}"));
        assertEquals("a\u00e9\n", JsonFields.string(m, "s"));
        assertEquals(-125, JsonFields.longValue(m, "n", 0));
        assertNull(JsonFields.string(m, "z"), "null reads as absent");
        assertNull(JsonFields.string(m, "absent"));
        assertEquals(7, JsonFields.longValue(m, "absent", 7));
        assertEquals(2, JsonFields.array(m, "l").size());
        assertEquals(List.of(), JsonFields.array(m, "z"));
        assertEquals(Map.of("k", "v"), JsonFields.stringMap(m, "o"));
        assertTrue(JsonFields.object(m, "o").isObject());
    }

    @Test
    void aMistypedFieldIsNamed() {
        JsonNode m = JsonFields.parseObject(b("{\"s\":1,\"n\":\"x\",\"f\":1.5,\"o\":[],\"a\":{},\"m\":{\"k\":1}}"));
        assertEquals("field 's' must be a string", assertThrows(IllegalArgumentException.class, () -> JsonFields.string(m, "s")).getMessage());
        assertEquals("field 'n' must be a number", assertThrows(IllegalArgumentException.class, () -> JsonFields.longValue(m, "n", 0)).getMessage());
        assertEquals("field 'f' must be an integer", assertThrows(IllegalArgumentException.class, () -> JsonFields.longValue(m, "f", 0)).getMessage());
        assertEquals("field 'o' must be an object", assertThrows(IllegalArgumentException.class, () -> JsonFields.object(m, "o")).getMessage());
        assertEquals("field 'a' must be an array", assertThrows(IllegalArgumentException.class, () -> JsonFields.array(m, "a")).getMessage());
        assertEquals("field 'm.k' must be a string", assertThrows(IllegalArgumentException.class, () -> JsonFields.stringMap(m, "m")).getMessage());
    }

    @Test
    void rejectsInvalidDocuments() {
        for (String bad : new String[]{"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "\"\u0001\"", "{a:1}", "tru", "[\"\\x\"]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonFields.parse(b(bad)), bad);
            assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
        }
        assertEquals("expected a JSON object", assertThrows(IllegalArgumentException.class, () -> JsonFields.parseObject(b("[]"))).getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThrows(IllegalArgumentException.class, () -> JsonFields.parse(b(deep)));
    }
}
