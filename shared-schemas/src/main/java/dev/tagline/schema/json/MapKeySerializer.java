package dev.tagline.schema.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a map's string keys from their escaped UTF-8 bytes, remembered per key: the keys of labels, annotations and
 * environments repeat in every plan (a plan writes sixteen {@code org.opencontainers.image.*} keys), and writing a
 * string is a loop over its characters, the bulk of encoding a plan under C1. Same bytes as Jackson's own key
 * serializer. Bounded: past {@value #MAX_KEYS} keys the cache starts over.
 */
final class MapKeySerializer extends StdSerializer<String> {
    static final int MAX_KEYS = 4_096;

    private final transient Map<String, SerializedString> keys = new ConcurrentHashMap<>();

    MapKeySerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String key, JsonGenerator gen, SerializerProvider provider) throws IOException {
        SerializedString name = keys.get(key);
        if (name == null) {
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            name = new SerializedString(key);
            keys.put(key, name);
        }
        gen.writeFieldName(name);
    }
}
