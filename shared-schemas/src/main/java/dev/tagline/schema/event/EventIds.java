package dev.tagline.schema.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids: {@code <prefix>-} followed by the first 32 hex characters (128 bits) of the
 * SHA-256 of the parts, each part length-prefixed so that no two part lists collide.
 */
public final class EventIds {
    private EventIds() {
    }

    public static String of(String prefix, Object... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Object part : parts) {
            byte[] bytes = part == null ? new byte[0] : part.toString().getBytes(StandardCharsets.UTF_8);
            String header = (part == null ? "n" : "s") + bytes.length + ":";
            sha.update(header.getBytes(StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
        return prefix + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    }
}
