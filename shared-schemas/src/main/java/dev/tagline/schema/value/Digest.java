package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest: {@code sha256:} followed by 64 lowercase hex characters. */
public record Digest(@JsonValue String value) implements OrderedByValue<Digest> {
    private static final Pattern GRAMMAR = Pattern.compile("sha256:[0-9a-f]{64}");

    public Digest {
        InvalidValueException.require("digest", value);
        if (!GRAMMAR.matcher(value).matches()) {
            throw new InvalidValueException("digest", value, "must be sha256: followed by 64 lowercase hex characters");
        }
    }

    @JsonCreator
    public static Digest parse(String input) {
        return new Digest(input);
    }

    /** The sha256 digest of these bytes. */
    public static Digest of(byte[] content) {
        return new Digest("sha256:" + HexFormat.of().formatHex(sha256(content)));
    }

    public static Digest of(String content) {
        return of(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The 64 hex characters after {@code sha256:}. */
    public String hex() {
        return value.substring(7);
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
