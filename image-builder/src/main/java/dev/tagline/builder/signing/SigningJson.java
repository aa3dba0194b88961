package dev.tagline.builder.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tagline.schema.json.Jackson;

import java.io.IOException;
import java.util.function.Predicate;

/** The JSON of the signed formats (DSSE envelope, in-toto statement, simple signing), written and read by the shared mapper. */
final class SigningJson {
    private SigningJson() {
    }

    static byte[] write(Object value) {
        try {
            return Jackson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a {@code type}, refusing one without the fields its format requires ({@code complete}) with {@code problem}. */
    static <T> T read(byte[] bytes, Class<T> type, Predicate<T> complete, String problem) throws IOException {
        T value = Jackson.mapper().readValue(bytes, type);
        if (value == null || !complete.test(value)) {
            throw new IOException(problem);
        }
        return value;
    }
}
