package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<ref>}: the bytes exactly as served, checked against
 * {@code Docker-Content-Digest} and, by digest, against the digest asked for. Empty when 404.
 */
final class ManifestGetter extends ManifestEndpoint<Optional<Manifest>> {
    static final long MAX_MANIFEST_BYTES = 4L << 20;

    ManifestGetter(ImageRepository repo, URI uri, String reference, Digest expected) {
        super("GET", repo, uri, reference, expected, "reading manifest");
    }

    @Override
    public long maxBodyBytes() {
        return MAX_MANIFEST_BYTES;
    }

    @Override
    public Optional<Manifest> handle(HttpAnswer a) throws RegistryException {
        if (!found(a)) {
            return Optional.empty();
        }
        byte[] bytes = a.body();
        Digest actual = Digest.of(bytes);
        Digest served = contentDigest(a);
        if (served != null && !served.equals(actual)) {
            throw invalid(a, "Docker-Content-Digest " + served + " does not match the bytes served (" + actual + ")");
        }
        if (expected != null && !expected.equals(actual)) {
            throw invalid(a, "asked for " + expected + " but the bytes served hash to " + actual);
        }
        try {
            return Optional.of(ManifestJson.parse(bytes, a.header("Content-Type").orElse(null)));
        } catch (IllegalArgumentException e) {
            String type = a.header("Content-Type").map(MediaTypes::normalize).orElse("");
            ErrorCode code = type.startsWith("application/vnd.docker.distribution.manifest.v1") || e.getMessage().contains("schema 1") ? ErrorCode.UNSUPPORTED : ErrorCode.MANIFEST_INVALID;
            throw new RegistryException(code, a.status(), actionDescription(), e.getMessage());
        }
    }
}
