package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Map;

/**
 * {@code HEAD /v2/<name>/manifests/<ref>} with every manifest type accepted. Some registries omit
 * {@code Docker-Content-Digest} or the length on HEAD; then {@link Result#needsGet()} asks the client to GET.
 */
final class ManifestChecker extends BaseEndpoint<ManifestChecker.Result> {
    record Result(boolean exists, Descriptor descriptor) {
        boolean needsGet() {
            return exists && descriptor == null;
        }
    }

    private final Digest expected;

    ManifestChecker(ImageRepository repo, URI uri, String reference, Digest expected) {
        super("HEAD", repo, uri, "pull", "resolving " + repo + (expected != null ? "@" : ":") + reference);
        this.expected = expected;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Accept", MediaTypes.ACCEPT_ALL);
    }

    @Override
    public Result handle(HttpAnswer a) throws RegistryException {
        if (a.status() == 404) {
            return new Result(false, null);
        }
        if (a.status() != 200) {
            throw ErrorBodies.toException(actionDescription(), a);
        }
        Digest digest = contentDigest(a);
        String type = a.header("Content-Type").map(MediaTypes::normalize).orElse("");
        long size = a.header("Content-Length").map(ManifestChecker::parseLong).orElse(-1L);
        if (digest == null || size < 0 || !MediaTypes.isManifest(type)) {
            return new Result(true, null);
        }
        if (expected != null && !expected.equals(digest)) {
            throw invalid(a, "asked for " + expected + " but the registry answered " + digest);
        }
        return new Result(true, Descriptor.of(type, digest, size));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
