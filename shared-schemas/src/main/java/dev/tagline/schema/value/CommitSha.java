package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A full git object id: 40 hex characters (SHA-1 repositories) or 64 (SHA-256 repositories),
 * stored lowercase. The all-zero id that webhooks use for "no commit" is not a commit: see
 * {@link #parseOrNull(String)}.
 */
public record CommitSha(@JsonValue String value) {
    public CommitSha {
        InvalidValueException.require("commit sha", value);
        String lower = value.toLowerCase(Locale.ROOT);
        // [0-9a-f]{40}|[0-9a-f]{64}, checked by hand: every event carries one or two, and a regex was a
        // tenth of decoding one
        if ((lower.length() != 40 && lower.length() != 64) || !hexOnly(lower)) {
            throw new InvalidValueException("commit sha", value, "must be 40 or 64 hex characters");
        }
        if (allZero(lower)) {
            throw new InvalidValueException("commit sha", value, "the all-zero id means 'no commit'");
        }
        value = lower;
    }

    private static boolean hexOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    @JsonCreator
    public static CommitSha parse(String input) {
        return new CommitSha(input);
    }

    /** Null for null, empty or the all-zero id (a created or deleted ref's missing side), else {@link #parse}. */
    public static CommitSha parseOrNull(String input) {
        if (input == null || input.isEmpty() || allZero(input)) {
            return null;
        }
        return parse(input);
    }

    /** The first {@code length} characters (7 for metadata-action's short sha). */
    public String shortSha(int length) {
        if (length < 1 || length > value.length()) {
            throw new IllegalArgumentException("short sha length must be 1.." + value.length() + ", was " + length);
        }
        return value.substring(0, length);
    }

    @Override
    public String toString() {
        return value;
    }
}
