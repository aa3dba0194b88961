package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Map;

/**
 * {@code /v2/<name>/manifests/<ref>} read with every manifest type accepted. {@code expected} is the digest asked
 * for when the reference is one (null for a tag): the answer must be that digest.
 */
abstract class ManifestEndpoint<T> extends BaseEndpoint<T> {
    final Digest expected;

    ManifestEndpoint(String method, ImageRepository repo, URI uri, String reference, Digest expected, String action) {
        super(method, repo, uri, "pull", action + " " + repo + (expected != null ? "@" : ":") + reference);
        this.expected = expected;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Accept", MediaTypes.ACCEPT_ALL);
    }
}
