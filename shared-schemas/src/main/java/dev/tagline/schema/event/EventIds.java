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

    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread: looking the algorithm up for every id cost as much as hashing. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static String of(String prefix, Object... parts) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        for (Object part : parts) {
            byte[] bytes = part == null ? new byte[0] : part.toString().getBytes(StandardCharsets.UTF_8);
            String header = (part == null ? "n" : "s") + bytes.length + ":";
            sha.update(header.getBytes(StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
        return prefix + "-" + HEX.formatHex(sha.digest(), 0, 16);
    }
}
