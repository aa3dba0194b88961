package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A target platform {@code os/arch[/variant]}, e.g. {@code linux/amd64}, {@code linux/arm64/v8}. */
@Serdeable
public final class Platform {
    private static final Pattern GRAMMAR = Pattern.compile("([a-z0-9_]+)/([a-z0-9_]+)(?:/([a-z0-9]+))?");

    private final String os;
    private final String architecture;
    private final String variant;

    private Platform(String os, String architecture, String variant) {
        this.os = os;
        this.architecture = architecture;
        this.variant = variant;
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

    public String os() {
        return os;
    }

    public String architecture() {
        return architecture;
    }

    /** The variant ({@code v7}, {@code v8}), or null. */
    public String variant() {
        return variant;
    }

    @JsonValue
    public String value() {
        return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Platform p && p.value().equals(value());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }

    @Override
    public String toString() {
        return value();
    }
}
