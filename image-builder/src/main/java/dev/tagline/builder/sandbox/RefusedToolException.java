package dev.tagline.builder.sandbox;

/** A recipe's tool path the sandbox will not show (missing, or overlapping what it never shows). */
public final class RefusedToolException extends Exception {
    public RefusedToolException(String message) {
        super(message);
    }
}
