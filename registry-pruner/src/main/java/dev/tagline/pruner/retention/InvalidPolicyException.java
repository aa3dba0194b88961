package dev.tagline.pruner.retention;

/** A retention or ECR lifecycle policy that cannot be used; the message names the file, field or rule. */
public class InvalidPolicyException extends RuntimeException {
    public InvalidPolicyException(String message) {
        super(message);
    }

    public InvalidPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
