package dev.tagline.registry;

import java.io.IOException;

/** Sends one request, no redirects, no auth, no retry: the only part of the client that owns a socket. */
interface Transport extends AutoCloseable {
    /**
     * @throws BodyTooLargeException when the body exceeds {@link HttpCall#maxBodyBytes()}
     * @throws IOException           on connection failure or timeout
     */
    HttpAnswer send(HttpCall call) throws IOException, InterruptedException;

    @Override
    default void close() {
    }

    /** The answer was larger than the caller accepts; not retried. */
    final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("response body larger than " + limit + " bytes");
        }
    }
}
