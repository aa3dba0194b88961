package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Map;

/** The fields every endpoint has; subclasses add the answer handling. */
abstract class BaseEndpoint<T> implements Endpoint<T> {
    private final String method;
    private final ImageRepository repo;
    private final URI uri;
    private final String actions;
    private final String description;

    BaseEndpoint(String method, ImageRepository repo, URI uri, String actions, String description) {
        this.method = method;
        this.repo = repo;
        this.uri = uri;
        this.actions = actions;
        this.description = description;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of();
    }

    @Override
    public ImageRepository repository() {
        return repo;
    }

    @Override
    public String actions() {
        return actions;
    }

    @Override
    public String actionDescription() {
        return description;
    }

    /** True for a 200, false for a 404; any other status is the registry's error for this action. */
    boolean found(HttpAnswer a) throws RegistryException {
        if (a.status() == 404) {
            return false;
        }
        if (a.status() != 200) {
            throw ErrorBodies.toException(description, a);
        }
        return true;
    }

    RegistryException invalid(HttpAnswer a, String detail) {
        return new RegistryException(ErrorCode.INVALID_RESPONSE, a.status(), description, detail);
    }

    /** The sha256 {@code Docker-Content-Digest} of the answer, or null (absent or another algorithm). */
    static dev.tagline.schema.value.Digest contentDigest(HttpAnswer a) {
        String v = a.header("Docker-Content-Digest").orElse(null);
        if (v == null) {
            return null;
        }
        try {
            return dev.tagline.schema.value.Digest.parse(v.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
