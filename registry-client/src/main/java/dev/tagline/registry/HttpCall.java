package dev.tagline.registry;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as data (method, URL, headers, body, answer size limit), so auth, retries and
 * endpoint logic can be tested against a scripted {@link Transport}.
 */
record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body, long maxBodyBytes, BlobSource stream) {
    HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }

    /** A call whose body (if any) is in memory. */
    HttpCall(String method, URI uri, Map<String, String> headers, byte[] body, long maxBodyBytes) {
        this(method, uri, headers, body, maxBodyBytes, null);
    }

    HttpCall withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.remove(name);
        if (value != null) {
            h.put(name, value);
        }
        return new HttpCall(method, uri, h, body, maxBodyBytes, stream);
    }

    HttpCall withUri(URI u) {
        return new HttpCall(method, u, headers, body, maxBodyBytes, stream);
    }

    /** Never prints headers (they may carry Authorization). */
    @Override
    public String toString() {
        return method + " " + uri;
    }
}
