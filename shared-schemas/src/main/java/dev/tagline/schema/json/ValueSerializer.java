package dev.tagline.schema.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.util.function.Function;

/**
 * Writes a value type as its {@code @JsonValue} string, calling that accessor directly: Jackson's
 * {@code @JsonValue} serializer calls it reflectively, once per value written (a plan has seven of them).
 */
final class ValueSerializer<T> extends StdScalarSerializer<T> {
    private final transient Function<T, String> jsonValue;

    ValueSerializer(Class<T> type, Function<T, String> jsonValue) {
        super(type);
        this.jsonValue = jsonValue;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(jsonValue.apply(value));
    }
}
