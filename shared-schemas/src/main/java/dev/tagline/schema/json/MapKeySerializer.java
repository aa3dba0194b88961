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
 * serializer, except for keys with a surrogate (a character outside the BMP): Jackson's UTF-8 generator writes those as
 * {@code \\uXXXX} escapes where the remembered bytes would hold 4-byte UTF-8, so such keys are written as before.
 * Bounded: past {@value #MAX_KEYS} keys the cache starts over.
 */
final class MapKeySerializer extends StdSerializer<String> {
    static final int MAX_KEYS = 4_096;
    /** Marks a key written through {@link JsonGenerator#writeFieldName(String)}, as Jackson does. */
    private static final SerializedString AS_IS = new SerializedString("");

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
            name = hasSurrogate(key) ? AS_IS : new SerializedString(key);
            keys.put(key, name);
        }
        if (name == AS_IS) {
            gen.writeFieldName(key);
        } else {
            gen.writeFieldName(name);
        }
    }

    private static boolean hasSurrogate(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (Character.isSurrogate(key.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
