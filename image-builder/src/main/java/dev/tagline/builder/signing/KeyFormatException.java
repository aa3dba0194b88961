package dev.tagline.builder.signing;

/** A key file that cannot be read as a key tagline signs or verifies with; the message never holds key material. */
public final class KeyFormatException extends Exception {
    public KeyFormatException(String message) {
        super(message);
    }
}
