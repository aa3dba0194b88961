package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** An OCI image tag: {@code [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}. */
public record ImageTag(@JsonValue String value) implements OrderedByValue<ImageTag> {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    public ImageTag {
        InvalidValueException.require("image tag", value);
        if (value.length() > 128) {
            throw new InvalidValueException("image tag", value, "longer than 128 characters");
        }
        if (value.isEmpty() || !isWordChar(value.charAt(0)) || !safeOnly(value)) {
            throw new InvalidValueException("image tag", value,
                    "must match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
        }
    }

    @JsonCreator
    public static ImageTag parse(String input) {
        return new ImageTag(input);
    }

    /**
     * Turns any text into a valid tag the way docker/metadata-action does: every run of characters
     * outside {@code [A-Za-z0-9._-]} becomes one {@code -}; then leading {@code .} and {@code -} are
     * dropped (a tag cannot start with them) and the result is cut to 128 characters.
     *
     * @throws InvalidValueException if nothing usable is left (e.g. the input was only punctuation)
     */
    public static ImageTag sanitize(String input) {
        InvalidValueException.require("image tag", input);
        String s = safeOnly(input) ? input : UNSAFE.matcher(input).replaceAll("-");
        int start = 0;
        while (start < s.length() && (s.charAt(start) == '.' || s.charAt(start) == '-')) {
            start++;
        }
        s = s.substring(start);
        if (s.length() > 128) {
            s = s.substring(0, 128);
        }
        if (s.isEmpty()) {
            throw new InvalidValueException("image tag", input, "nothing left after sanitizing");
        }
        return parse(s);
    }

    // the grammar by hand: each plan validates every tag it writes, and the regex was most of that
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Only {@code [A-Za-z0-9._-]}. */
    private static boolean safeOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isWordChar(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
