package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An image repository: a registry host and a repository name under the OCI distribution-spec
 * grammar, e.g. {@code 127.0.0.1:5000/acme/shop} or {@code ghcr.io/acme/shop}. A name whose first
 * component is not a host (no '.', no ':', not {@code localhost}) is on Docker Hub
 * ({@code docker.io}, with {@code library/} for one-component names), as the Docker CLI reads it.
 *
 * @param registry {@code host[:port]} of the registry
 * @param name     the repository name inside the registry, e.g. {@code acme/shop}
 */
public record ImageRepository(String registry, String name) implements OrderedByValue<ImageRepository> {
    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?"
                    + "|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

    /**
     * Hosts and names that passed their grammar: a planner validates the same few repositories for
     * every plan, and the two regular expressions were most of the cost. Bounded: past its size,
     * values are checked each time.
     */
    private static final Set<String> VALID_HOSTS = ConcurrentHashMap.newKeySet();
    private static final Set<String> VALID_NAMES = ConcurrentHashMap.newKeySet();
    private static final int REMEMBERED = 4_096;

    public ImageRepository {
        check(registry, name, registry + "/" + name);
    }

    @JsonCreator
    public static ImageRepository parse(String input) {
        InvalidValueException.require("image repository", input);
        int slash = input.indexOf('/');
        String first = slash < 0 ? "" : input.substring(0, slash);
        boolean hasHost = slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        String registry = hasHost ? first : DOCKER_HUB;
        String name = hasHost ? input.substring(slash + 1) : input;
        if (name.contains(":") || name.contains("@")) {
            throw new InvalidValueException("image repository", input, "must not carry a tag or digest");
        }
        if (!hasHost && !name.contains("/")) {
            name = "library/" + name;
        }
        try {
            return new ImageRepository(registry, name);
        } catch (InvalidValueException e) {
            check(registry, name, input); // the same problem, reported against what was given
            throw e;
        }
    }

    public static ImageRepository of(String registry, String name) {
        return new ImageRepository(registry, name);
    }

    private static void check(String registry, String name, String input) {
        if (registry == null || name == null) {
            throw new InvalidValueException("image repository", input, "needs a registry and a name");
        }
        if (!matches(HOST, registry, VALID_HOSTS)) {
            throw new InvalidValueException("image repository", input, "registry '" + registry + "' is not a host[:port]");
        }
        if (name.length() > 255) {
            throw new InvalidValueException("image repository", input, "name longer than 255 characters");
        }
        if (!matches(NAME, name, VALID_NAMES)) {
            throw new InvalidValueException("image repository", input,
                    "name '" + name + "' must be lowercase path components [a-z0-9]+ joined by '.', '_', '__' or '-' (OCI distribution spec)");
        }
    }

    private static boolean matches(Pattern grammar, String value, Set<String> valid) {
        if (valid.contains(value)) {
            return true;
        }
        if (!grammar.matcher(value).matches()) {
            return false;
        }
        if (valid.size() < REMEMBERED) {
            valid.add(value);
        }
        return true;
    }

    /** {@code registry/name:tag}. */
    public String withTag(ImageTag tag) {
        return value() + ":" + tag.value();
    }

    /** {@code registry/name@digest}. */
    public String withDigest(Digest digest) {
        return value() + "@" + digest.value();
    }

    @JsonValue
    public String value() {
        return registry + "/" + name;
    }

    @Override
    public String toString() {
        return value();
    }
}
