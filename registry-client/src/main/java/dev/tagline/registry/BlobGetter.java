package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;

/** {@code GET /v2/<name>/blobs/<digest>} up to a size limit; the bytes must hash to the digest. */
final class BlobGetter extends BaseEndpoint<byte[]> {
    private final Digest digest;
    private final long maxBytes;

    BlobGetter(ImageRepository repo, URI uri, Digest digest, long maxBytes) {
        super("GET", repo, uri, "pull", "reading blob " + digest + " of " + repo);
        this.digest = digest;
        this.maxBytes = maxBytes;
    }

    @Override
    public long maxBodyBytes() {
        return maxBytes;
    }

    @Override
    public byte[] handle(HttpAnswer a) throws RegistryException {
        if (!found(a)) {
            throw new RegistryException(ErrorCode.BLOB_UNKNOWN, 404, actionDescription(), "blob not found");
        }
        Digest actual = Digest.of(a.body());
        if (!actual.equals(digest)) {
            throw invalid(a, "the bytes served hash to " + actual);
        }
        return a.body();
    }
}
