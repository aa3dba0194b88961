package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A full git object id: 40 hex characters (SHA-1 repositories) or 64 (SHA-256 repositories),
 * stored lowercase. The all-zero id that webhooks use for "no commit" is not a commit: see
 * {@link #parseOrNull(String)}.
 */
public record CommitSha(@JsonValue String value) {
    private static final Pattern GRAMMAR = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern ZERO = Pattern.compile("0+");

    public CommitSha {
        InvalidValueException.require("commit sha", value);
        String lower = value.toLowerCase(Locale.ROOT);
        if (!GRAMMAR.matcher(lower).matches()) {
            throw new InvalidValueException("commit sha", value, "must be 40 or 64 hex characters");
        }
        if (ZERO.matcher(lower).matches()) {
            throw new InvalidValueException("commit sha", value, "the all-zero id means 'no commit'");
        }
        value = lower;
    }

    @JsonCreator
    public static CommitSha parse(String input) {
        return new CommitSha(input);
    }

    /** Null for null, empty or the all-zero id (a created or deleted ref's missing side), else {@link #parse}. */
    public static CommitSha parseOrNull(String input) {
        if (input == null || input.isEmpty() || ZERO.matcher(input).matches()) {
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
