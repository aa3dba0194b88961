package dev.tagline.policy.retention;

/**
 * A {@link TagPattern} that is what its text says: two of the same kind with the same text are equal,
 * and it prints as its text.
 */
abstract class TextPattern implements TagPattern {
    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((TagPattern) o).text().equals(text());
    }

    @Override
    public final int hashCode() {
        return text().hashCode();
    }

    @Override
    public final String toString() {
        return text();
    }
}
