package dev.tagline.schema.value;

/** A value whose text form is its identity, ordered by that text (tags, digests, repositories). */
public interface OrderedByValue<T extends OrderedByValue<T>> extends Comparable<T> {
    String value();

    @Override
    default int compareTo(T other) {
        return value().compareTo(other.value());
    }
}
