package dev.tagline.schema.json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A value type's factory that remembers what it parsed: the same repository, ref, image or platform text comes back
 * in event after event, and parsing validates it character by character each time (a ref's checks alone scan it a
 * dozen times). Only for immutable value records that compare by value, so a shared instance is the same value; only
 * successful parses are kept (invalid text throws every time, as before). Bounded: when full it starts over, so text
 * that never repeats (commit shas, say: not cached) costs one map lookup and no memory.
 */
final class ParsedValues<T> implements Function<String, T> {
    static final int MAX_ENTRIES = 4_096;

    private final Function<String, T> factory;
    private final Map<String, T> parsed = new ConcurrentHashMap<>();

    ParsedValues(Function<String, T> factory) {
        this.factory = factory;
    }

    @Override
    public T apply(String text) {
        T value = parsed.get(text);
        if (value == null) {
            value = factory.apply(text);
            if (parsed.size() >= MAX_ENTRIES) {
                parsed.clear();
            }
            parsed.put(text, value);
        }
        return value;
    }

    int size() {
        return parsed.size();
    }
}
