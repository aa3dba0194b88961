package dev.tagline.schema.event;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Invariant checks for event records: they throw {@link InvalidEventException} naming the field. */
final class Require {
    private Require() {
    }

    static <T> T present(String event, String field, T value) {
        if (value == null) {
            throw new InvalidEventException(event + "." + field + " is required");
        }
        return value;
    }

    static String text(String event, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(event + "." + field + " is required and must not be blank");
        }
        return value;
    }

    static int schemaVersion(String event, int version) {
        if (version < 1) {
            throw new InvalidEventException(event + ".schemaVersion is required (1 or more), was " + version);
        }
        if (version > TaglineEvent.CURRENT_SCHEMA_VERSION) {
            throw new InvalidEventException(event + ".schemaVersion " + version + " is newer than this build reads ("
                    + TaglineEvent.CURRENT_SCHEMA_VERSION + ")");
        }
        return version;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <T> List<T> nonEmptyList(String event, String field, List<T> value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidEventException(event + "." + field + " must have at least one entry");
        }
        return List.copyOf(value);
    }

    /** Sorted and unmodifiable, so the JSON of equal events is byte-for-byte equal. */
    static SortedMap<String, String> map(Map<String, String> value) {
        if (value == null) {
            return Collections.emptySortedMap();
        }
        // a naturally sorted source is copied in one linear pass instead of one tree insertion per entry
        TreeMap<String, String> copy = value instanceof SortedMap<String, String> sorted && sorted.comparator() == null
                ? new TreeMap<>(sorted) : new TreeMap<>(value);
        return Collections.unmodifiableSortedMap(copy);
    }

    static long nonNegative(String event, String field, long value) {
        if (value < 0) {
            throw new InvalidEventException(event + "." + field + " must not be negative, was " + value);
        }
        return value;
    }
}
