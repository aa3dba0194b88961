package dev.tagline.registry;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesEveryValueKind() {
        Object v = Json.parse("{\"s\":\"a\\u00e9\\n\",\"n\":-12.5e1,\"t\":true,\"f\":false,\"z\":null,\"l\":[1,{}],\"o\":{\"k\":\"v\"}}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals("a\u00e9\n", m.get("s"));
        assertEquals(0, new BigDecimal("-125").compareTo((BigDecimal) m.get("n")));
        assertEquals(true, m.get("t"));
        assertEquals(false, m.get("f"));
        assertTrue(m.containsKey("z"));
        assertNull(m.get("z"));
        assertEquals(2, ((List<?>) m.get("l")).size());
        assertEquals(Map.of("k", "v"), m.get("o"));
    }

    @Test
    void rejectsInvalidDocumentsWithOffset() {
        for (String bad : new String[]{"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "\"\u0001\"", "{a:1}", "tru", "[\"\\x\"]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid JSON at offset"), e.getMessage());
        }
    }

    @Test
    void writesCompactlyInMapOrderAndReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", "q\"uote\\ \t");
        m.put("a", List.of(BigDecimal.ONE, true));
        m.put("c", null);
        String s = Json.write(m);
        assertEquals("{\"b\":\"q\\\"uote\\\\ \\t\",\"a\":[1,true],\"c\":null}", s);
        assertEquals(m, Json.parse(s));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
    }
}
