package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Map;

/**
 * One registry operation as an immutable strategy (jib's RegistryEndpointProvider): what to send and
 * how to read the answer. {@link EndpointCaller} does the sending, auth, redirects and retries, so an
 * endpoint's logic is tested by handing {@link #handle} an {@link HttpAnswer}.
 */
interface Endpoint<T> {
    long DEFAULT_MAX_BODY = 4L << 20;

    String method();

    URI uri();

    /** Accept, Content-Type, ...; never Authorization. */
    Map<String, String> headers();

    /** The request body, or null. */
    default byte[] body() {
        return null;
    }

    /** A streamed request body (a layer), instead of {@link #body()}; null when none. */
    default BlobSource streamBody() {
        return null;
    }

    default long maxBodyBytes() {
        return DEFAULT_MAX_BODY;
    }

    ImageRepository repository();

    /** Token actions this needs: {@code pull}, {@code pull,push} or {@code delete}. */
    String actions();

    /** The token scope: {@code repository:<name>:<actions>}. */
    default String scope() {
        return "repository:" + repository().name() + ":" + actions();
    }

    /** "listing tags of 127.0.0.1:5000/acme/shop": the start of every error message. */
    String actionDescription();

    /**
     * Reads the final answer (after auth and retries; never a 401 or a retried 5xx/429 unless
     * attempts ran out). Unexpected statuses should end in {@link ErrorBodies#toException}.
     */
    T handle(HttpAnswer answer) throws RegistryException;

    default HttpCall toCall() {
        return new HttpCall(method(), uri(), headers(), body(), maxBodyBytes(), streamBody());
    }
}
