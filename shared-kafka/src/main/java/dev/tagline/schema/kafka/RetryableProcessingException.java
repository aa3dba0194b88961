package dev.tagline.schema.kafka;

/**
 * A failure that may pass (a registry or broker briefly away). Listeners list it in their
 * {@code @ErrorStrategy(exceptionTypes = ...)} so it is retried instead of dead-lettered at once.
 */
public class RetryableProcessingException extends RuntimeException {
    public RetryableProcessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
