package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target platform {@code os/arch[/variant]}, e.g. {@code linux/amd64}, {@code linux/arm64/v8}.
 *
 * @param variant {@code v7}, {@code v8}, or null
 */
public record Platform(String os, String architecture, String variant) {
    private static final Pattern GRAMMAR = Pattern.compile("([a-z0-9_]+)/([a-z0-9_]+)(?:/([a-z0-9]+))?");

    public Platform {
        String value = variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
        if (os == null || architecture == null || !GRAMMAR.matcher(value).matches()) {
            throw new InvalidValueException("platform", value, "must be os/arch or os/arch/variant in lowercase, e.g. linux/arm64");
        }
    }

    @JsonCreator
    public static Platform parse(String input) {
        InvalidValueException.require("platform", input);
        Matcher m = GRAMMAR.matcher(input);
        if (!m.matches()) {
            throw new InvalidValueException("platform", input, "must be os/arch or os/arch/variant in lowercase, e.g. linux/arm64");
        }
        return new Platform(m.group(1), m.group(2), m.group(3));
    }

    @JsonValue
    public String value() {
        return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }

    /** The wire form, not the record's: image-builder's build key hashes a list of platforms as text, and that key is in the image. */
    @Override
    public String toString() {
        return value();
    }
}
