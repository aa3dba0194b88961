package dev.tagline.listener.git;

/** A remote or cache could not be read (network, auth, missing object): retry later. */
public class GitAccessException extends Exception {
    public GitAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
