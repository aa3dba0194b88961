package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Map;

/** {@code PUT /v2/<name>/manifests/<ref>} with the bytes as given; the answer's digest must be theirs. */
final class ManifestPusher extends BaseEndpoint<Digest> {
    private final byte[] body;
    private final String mediaType;
    private final Digest digest;

    ManifestPusher(ImageRepository repo, URI uri, String reference, byte[] body, String mediaType) {
        super("PUT", repo, uri, "pull,push", "pushing manifest " + repo + (reference.startsWith("sha256:") ? "@" : ":") + reference);
        this.body = body;
        this.mediaType = mediaType;
        this.digest = Digest.of(body);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Type", mediaType);
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public long maxBodyBytes() {
        return 1L << 20;
    }

    @Override
    public Digest handle(HttpAnswer a) throws RegistryException {
        if (a.status() != 201 && a.status() != 200 && a.status() != 202 && a.status() != 204) {
            throw ErrorBodies.toException(actionDescription(), a);
        }
        Digest served = contentDigest(a);
        if (served != null && !served.equals(digest)) {
            throw invalid(a, "the registry stored the manifest as " + served + " but its bytes hash to " + digest);
        }
        return digest;
    }
}
