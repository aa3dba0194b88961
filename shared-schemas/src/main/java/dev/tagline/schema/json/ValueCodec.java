package dev.tagline.schema.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.util.function.Function;

/**
 * A value type as a JSON string, both ways, through its own methods called directly: read through its factory
 * ({@code CommitSha::parse}, ..., the one its {@code @JsonCreator} names) and written through its {@code @JsonValue}
 * accessor. Jackson calls those reflectively, once per value; the reflective creator call was a tenth of decoding an
 * event in the planner's profile. A value of any other JSON type is reported as Jackson reports it for the creator.
 */
final class ValueCodec {
    private ValueCodec() {
    }

    static <T> void register(SimpleModule module, Class<T> type, Function<String, T> factory, Function<T, String> jsonValue) {
        module.addDeserializer(type, new StdScalarDeserializer<T>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    @SuppressWarnings("unchecked")
                    T unexpected = (T) ctx.handleUnexpectedToken(handledType(), p);
                    return unexpected;
                }
                return factory.apply(p.getText());
            }
        });
        module.addSerializer(type, new StdScalarSerializer<T>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(jsonValue.apply(value));
            }
        });
    }
}
