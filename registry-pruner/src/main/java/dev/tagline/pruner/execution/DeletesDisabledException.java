package dev.tagline.pruner.execution;

/** The registry refuses deletes: one clear error, nothing was changed. */
public class DeletesDisabledException extends Exception {
    public DeletesDisabledException(String message, Throwable cause) {
        super(message, cause);
    }
}
