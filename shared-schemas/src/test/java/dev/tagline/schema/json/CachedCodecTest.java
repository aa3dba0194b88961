package dev.tagline.schema.json;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shortcuts of {@link Jackson} write and read exactly what Jackson's own (de)serializers do. */
class CachedCodecTest {
    /** Jackson without tagline's modules: {@code @JsonValue} and its own map key serializer. */
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    @Test
    void mapKeysAreWrittenAsJacksonWritesThem() throws Exception {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("org.opencontainers.image.title", "shop");
        map.put("quote\"back\\slash", "a");
        map.put("tab\tnew\nline\u0001", "b");
        map.put("ünïcødé ✓ \uD83D\uDE80", "c");
        map.put("", "empty");
        map.put("lone \uD83D surrogate", "d"); // Jackson's UTF-8 generator escapes surrogates, paired or not
        for (int round = 0; round < 2; round++) { // the second round writes the remembered keys
            // bytes (EventCodec's path, UTF-8 generator) and text (character generator)
            assertEquals(hex(PLAIN.writeValueAsBytes(map)), hex(Jackson.mapper().writeValueAsBytes(map)));
            assertEquals(hex(PLAIN.writeValueAsBytes(Map.of("outer", map))), hex(Jackson.mapper().writeValueAsBytes(Map.of("outer", map))));
            assertEquals(PLAIN.writeValueAsString(map), Jackson.mapper().writeValueAsString(map));
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Test
    void theKeyCacheIsBounded() throws Exception {
        MapKeySerializer keys = new MapKeySerializer();
        JsonMapper mapper = JsonMapper.builder().addModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                .addKeySerializer(String.class, keys)).build();
        for (int i = 0; i < MapKeySerializer.MAX_KEYS * 2 + 10; i++) {
            assertEquals("{\"k" + i + "\":1}", mapper.writeValueAsString(Map.of("k" + i, 1)));
        }
    }

    @Test
    void valueTypesAreWrittenAsTheirJsonValue() throws Exception {
        List<Object> values = List.of(CommitSha.parse("0123456789abcdef0123456789abcdef01234567"),
                Digest.parse("sha256:" + "ab".repeat(32)), GitRef.branch("main"), ImageRepository.parse("ghcr.io/acme/shop"),
                ImageTag.parse("1.2.3"), Platform.parse("linux/arm64/v8"), Platform.parse("linux/amd64"), RepositoryId.of("github.com/acme/shop"));
        for (Object value : values) {
            assertEquals(PLAIN.writeValueAsString(value), Jackson.mapper().writeValueAsString(value), value.getClass().getSimpleName());
            assertEquals(hex(PLAIN.writeValueAsBytes(value)), hex(Jackson.mapper().writeValueAsBytes(value)), value.getClass().getSimpleName());
        }
        assertEquals(PLAIN.writeValueAsString(values), Jackson.mapper().writeValueAsString(values));
    }

    @Test
    void parsedValuesAreRememberedAndEqual() throws Exception {
        RepositoryId first = Jackson.mapper().readValue("\"github.com/acme/shop\"", RepositoryId.class);
        RepositoryId again = Jackson.mapper().readValue("\"github.com/acme/shop\"", RepositoryId.class);
        assertEquals(RepositoryId.of("github.com/acme/shop"), first);
        assertSame(first, again);
        assertEquals(GitRef.tag("v1.2.3"), Jackson.mapper().readValue("\"refs/tags/v1.2.3\"", GitRef.class));
        assertEquals(Platform.parse("linux/arm64/v8"), Jackson.mapper().readValue("\"linux/arm64/v8\"", Platform.class));
        assertEquals(ImageRepository.parse("docker.io/library/alpine"), Jackson.mapper().readValue("\"alpine\"", ImageRepository.class));
    }

    @Test
    void invalidTextIsRefusedEveryTime() {
        for (int i = 0; i < 2; i++) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> EventCodec.decode("{\"schemaVersion\":1,\"ref\":\"refs/heads/a..b\"}", dev.tagline.schema.event.RefEvent.class));
            assertTrue(e.getMessage().contains(".."), e.getMessage());
        }
    }

    @Test
    void parsedValuesAreBounded() {
        AtomicInteger calls = new AtomicInteger();
        ParsedValues<String> values = new ParsedValues<>(text -> {
            calls.incrementAndGet();
            return text.toUpperCase();
        });
        assertEquals("A", values.apply("a"));
        assertEquals("A", values.apply("a"));
        assertEquals(1, calls.get());
        for (int i = 0; i < ParsedValues.MAX_ENTRIES * 3; i++) {
            assertEquals("X" + i, values.apply("x" + i));
            assertTrue(values.size() <= ParsedValues.MAX_ENTRIES);
        }
    }
}
