package dev.tagline.schema.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;

/**
 * The one Jackson configuration every tagline JSON goes through: ISO-8601 instants, unknown fields
 * ignored (forward compatibility), trailing content and nesting deeper than 64 refused, exact
 * decimals, compact output. Thread-safe; share it, never reconfigure it.
 */
public final class Jackson {
    public static final int MAX_DEPTH = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    com.fasterxml.jackson.core.JsonFactory.builder()
                            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                            .build())
            .addModule(new JavaTimeModule())
            // registered after JavaTimeModule, so it takes precedence for Instant
            .addModule(new SimpleModule("tagline-instants")
                    .addDeserializer(Instant.class, new CanonicalInstantDeserializer())
                    .addSerializer(Instant.class, new CanonicalInstantSerializer()))
            .addModule(values())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private Jackson() {
    }

    /**
     * The value types as strings ({@link ValueCodec}), those that repeat from event to event remembered once parsed
     * ({@link ParsedValues}); map keys written from remembered bytes ({@link MapKeySerializer}).
     */
    private static SimpleModule values() {
        SimpleModule module = new SimpleModule("tagline-values");
        ValueCodec.register(module, CommitSha.class, CommitSha::parse, CommitSha::value);
        ValueCodec.register(module, Digest.class, Digest::parse, Digest::value);
        ValueCodec.register(module, GitRef.class, new ParsedValues<>(GitRef::parse), GitRef::value);
        ValueCodec.register(module, ImageRepository.class, new ParsedValues<>(ImageRepository::parse), ImageRepository::value);
        ValueCodec.register(module, ImageTag.class, ImageTag::parse, ImageTag::value);
        ValueCodec.register(module, Platform.class, new ParsedValues<>(Platform::parse), Platform::value);
        ValueCodec.register(module, RepositoryId.class, new ParsedValues<>(RepositoryId::of), RepositoryId::value);
        return module.addKeySerializer(String.class, new MapKeySerializer());
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
