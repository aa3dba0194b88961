package dev.tagline.cli;

/** Bad input found while running a command (a bad policy, an unreadable plan): exit 2, the message on one line. */
public class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
