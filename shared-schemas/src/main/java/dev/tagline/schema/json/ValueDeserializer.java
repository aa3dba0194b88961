package dev.tagline.schema.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;
import java.util.function.Function;

/**
 * Reads a value type from its JSON string through its own factory ({@code CommitSha::parse}, ...),
 * the same factory its {@code @JsonCreator} names, but called directly: Jackson's reflective
 * creator call was a tenth of decoding an event in the planner's profile. A value of any other
 * JSON type is reported as Jackson reports it for the creator.
 */
final class ValueDeserializer<T> extends StdScalarDeserializer<T> {
    private final transient Function<String, T> factory;

    ValueDeserializer(Class<T> type, Function<String, T> factory) {
        super(type);
        this.factory = factory;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            @SuppressWarnings("unchecked")
            T unexpected = (T) ctx.handleUnexpectedToken(handledType(), p);
            return unexpected;
        }
        return factory.apply(p.getText());
    }
}
