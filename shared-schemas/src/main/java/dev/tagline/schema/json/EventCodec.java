package dev.tagline.schema.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tagline.schema.event.InvalidEventException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON on the wire for every event, with Jackson ({@link Jackson#mapper()}): record components in
 * declaration order, nulls written, instants as ISO-8601. Decoding failures become
 * {@link InvalidEventException} whose message names the type and the field or rule that failed,
 * ready for a dead-letter header.
 */
public final class EventCodec {
    /** A reader and a writer per type, made once: each holds its type's (de)serializer, which the mapper looks up per call. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return Jackson.mapper().readerFor(type);
        }
    };
    private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return Jackson.mapper().writerFor(type);
        }
    };

    private EventCodec() {
    }

    public static byte[] encode(Object event) {
        try {
            return event == null ? Jackson.mapper().writeValueAsBytes(null) : WRITERS.get(event.getClass()).writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static String toJson(Object event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    public static <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException(type.getSimpleName() + ": empty message");
        }
        T value;
        try {
            value = READERS.get(type).readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw new InvalidEventException(type.getSimpleName() + ": " + rootMessage(e), e);
        }
        if (value == null) {
            throw new InvalidEventException(type.getSimpleName() + ": the message is JSON null");
        }
        return value;
    }

    public static <T> T decode(String json, Class<T> type) {
        return decode(json.getBytes(StandardCharsets.UTF_8), type);
    }

    /** The most specific message in the cause chain: our own invariant messages beat Jackson's wrappers. */
    static String rootMessage(Throwable e) {
        Throwable best = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof InvalidEventException) {
                best = t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = best instanceof JsonProcessingException j ? j.getOriginalMessage() + where(j) : best.getMessage();
        if (message == null) {
            message = best.getClass().getSimpleName();
        }
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    private static String where(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            return " (at " + m.getPathReference().replaceFirst("^[^\\[]*", "") + ")";
        }
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
    }
}
