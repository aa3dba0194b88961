package dev.tagline.schema.topic;

import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.json.EventCodec;

import java.nio.charset.StandardCharsets;

/**
 * A topic, typed: its name, its value type and its wire format. Keys are always the source
 * repository id (UTF-8), so one repository's events stay ordered on one partition.
 */
public record Topic<V extends TaglineEvent>(String name, Class<V> valueType) {
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    /** {@code <name>.dlt}: receives what could not be read or validated, with the reason in headers. */
    public String deadLetterName() {
        return name + DEAD_LETTER_SUFFIX;
    }

    public byte[] key(V event) {
        return event.partitionKey().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] encode(V event) {
        return EventCodec.encode(event);
    }

    /** @throws dev.tagline.schema.event.InvalidEventException naming what is wrong */
    public V decode(byte[] value) {
        return EventCodec.decode(value, valueType);
    }
}
