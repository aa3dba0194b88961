package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;

/**
 * {@code HEAD /v2/<name>/manifests/<ref>} with every manifest type accepted. Some registries omit
 * {@code Docker-Content-Digest} or the length on HEAD; then {@link Result#needsGet()} asks the client to GET.
 */
final class ManifestChecker extends ManifestEndpoint<ManifestChecker.Result> {
    record Result(boolean exists, Descriptor descriptor) {
        boolean needsGet() {
            return exists && descriptor == null;
        }
    }

    ManifestChecker(ImageRepository repo, URI uri, String reference, Digest expected) {
        super("HEAD", repo, uri, reference, expected, "resolving");
    }

    @Override
    public Result handle(HttpAnswer a) throws RegistryException {
        if (!found(a)) {
            return new Result(false, null);
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
