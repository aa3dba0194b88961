package dev.tagline.listener.replay;

/** Bad command-line usage: the message says what is wrong (exit status 2). */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
