package dev.tagline.listener.replay;

import dev.tagline.cli.UsageError;

/** Bad command-line usage: the message says what is wrong (exit status 2). */
public final class UsageException extends UsageError {
    public UsageException(String message) {
        super(message);
    }
}
