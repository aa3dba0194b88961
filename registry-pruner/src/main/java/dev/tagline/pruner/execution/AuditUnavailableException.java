package dev.tagline.pruner.execution;

import java.io.IOException;

/** The audit log could not be written before acting: the run deleted nothing. */
public class AuditUnavailableException extends IOException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
