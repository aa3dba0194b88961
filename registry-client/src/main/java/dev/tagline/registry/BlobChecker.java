package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;

/** {@code HEAD /v2/<name>/blobs/<digest>}: 200 = present, 404 = absent. */
final class BlobChecker extends BaseEndpoint<Boolean> {
    BlobChecker(ImageRepository repo, URI uri, Digest digest) {
        super("HEAD", repo, uri, "pull", "checking blob " + digest + " in " + repo);
    }

    @Override
    public Boolean handle(HttpAnswer a) throws RegistryException {
        return found(a);
    }
}
