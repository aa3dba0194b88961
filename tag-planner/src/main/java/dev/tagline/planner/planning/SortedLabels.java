package dev.tagline.planner.planning;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An unmodifiable map over keys already in their natural order: a plan's OCI labels, filled without the
 * string comparisons of a tree (their keys share a 25-character prefix; the tree insertions were a sixth of
 * a plan's CPU). Read as any sorted map, and copied in one pass into the plan's own (a natural-order
 * {@link SortedMap} is copied by {@link TreeMap} without comparing).
 */
final class SortedLabels extends AbstractMap<String, String> implements SortedMap<String, String> {
    private final String[] keys;
    private final String[] values;

    /** @param keys in natural order, no duplicates (not checked: the callers' keys are constants) */
    SortedLabels(String[] keys, String[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys, " + values.length + " values");
        }
        this.keys = keys;
        this.values = values;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> e = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public String firstKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[0];
    }

    @Override
    public String lastKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[keys.length - 1];
    }

    // the views nobody on the hot path asks for: from a tree copy
    @Override
    public SortedMap<String, String> subMap(String fromKey, String toKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
    }

    @Override
    public SortedMap<String, String> headMap(String toKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
    }

    @Override
    public SortedMap<String, String> tailMap(String fromKey) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
    }
}
