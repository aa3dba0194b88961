package dev.tagline.schema.event;

/** An event that cannot be read or breaks an invariant of its contract. The message says which field and why. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
