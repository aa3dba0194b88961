package dev.tagline.schema.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fast path reads exactly what Instant.parse reads for tagline's form, and hands everything else on. */
class CanonicalInstantDeserializerTest {
    record Holder(Instant at) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:15:30Z", "2026-12-04T10:15:30.1Z", "2026-12-04T10:15:30.123Z",
            "2026-12-04T10:15:30.123456789Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z", "0001-01-01T00:00:00Z"})
    void canonicalFormsMatchInstantParse(String text) throws Exception {
        assertEquals(Instant.parse(text), CanonicalInstantDeserializer.parse(text));
        assertEquals(Instant.parse(text), Jackson.mapper().readValue("{\"at\":\"" + text + "\"}", Holder.class).at());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:15:30+02:00", "2026-12-04T10:15:30.1234567891Z", "2026-02-30T10:15:30Z",
            "2026-12-04 10:15:30Z", "2026-12-04T10:15:30.Z", "2026-13-04T10:15:30Z", "+12026-12-04T10:15:30Z", "2026-12-04T1a:15:30Z"})
    void everythingElseIsLeftToTheStandardDeserializer(String text) {
        assertNull(CanonicalInstantDeserializer.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:15:30Z", "not a time"})
    void invalidInstantsStillFailAsBefore(String text) {
        assertThrows(Exception.class, () -> Jackson.mapper().readValue("{\"at\":\"" + text + "\"}", Holder.class));
    }

    /** Same result, or the same failure, as jsr310's deserializer alone, for every form. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:15:30+02:00", "2026-12-04T10:15:30.123Z", "2026-02-30T10:15:30Z", "2026-12-04", "x"})
    void behavesLikeTheStandardDeserializer(String text) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper standard = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).build();
        String json = "{\"at\":\"" + text + "\"}";
        Instant expected;
        try {
            expected = standard.readValue(json, Holder.class).at();
        } catch (Exception e) {
            assertThrows(Exception.class, () -> Jackson.mapper().readValue(json, Holder.class));
            return;
        }
        assertEquals(expected, Jackson.mapper().readValue(json, Holder.class).at());
    }
}
