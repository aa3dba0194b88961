package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /v2/<name>/referrers/<digest>} (OCI 1.1): an image index of referrers; empty when the API is missing (404). */
final class ReferrersEndpoint extends BaseEndpoint<Optional<ReferrersEndpoint.Page>> {
    record Page(List<Descriptor> referrers, Optional<String> nextLink) {
    }

    ReferrersEndpoint(ImageRepository repo, URI uri, Digest subject) {
        super("GET", repo, uri, "pull", "listing referrers of " + repo + "@" + subject);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Accept", MediaTypes.OCI_INDEX);
    }

    @Override
    public long maxBodyBytes() {
        return 16L << 20;
    }

    @Override
    public Optional<Page> handle(HttpAnswer a) throws RegistryException {
        if (!found(a)) {
            return Optional.empty();
        }
        try {
            Manifest index = ManifestJson.parse(a.body(), MediaTypes.OCI_INDEX);
            if (!index.isIndex()) {
                throw invalid(a, "the referrers API answered with " + index.mediaType() + ", not an image index");
            }
            return Optional.of(new Page(index.manifests(), LinkHeader.next(a.headerValues("Link"))));
        } catch (IllegalArgumentException e) {
            throw invalid(a, "referrers answer: " + e.getMessage());
        }
    }
}
