package dev.tagline.planner.planning;

/**
 * How far a tag floats. {@code EXACT} tags name one build; the others move between releases and,
 * under history-aware planning, only forward: {@code MINOR} ({@code 1.2}) among releases of that
 * minor, {@code MAJOR} ({@code 1}) of that major, {@code GLOBAL} ({@code latest}) among all.
 */
public enum Scope {
    EXACT, MINOR, MAJOR, GLOBAL;

    /** Of two scopes of one tag, the one that keeps it more often. */
    static Scope narrower(Scope a, Scope b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
