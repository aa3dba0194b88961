package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Map;

/** A monolithic blob upload: {@code POST .../blobs/uploads/} for a location, then {@code PUT location?digest=} with the bytes. */
final class BlobUploader {
    private BlobUploader() {
    }

    static final class Start extends BaseEndpoint<URI> {
        Start(ImageRepository repo, URI uri, Digest digest) {
            super("POST", repo, uri, "pull,push", "starting upload of blob " + digest + " to " + repo);
        }

        @Override
        public byte[] body() {
            return new byte[0];
        }

        @Override
        public URI handle(HttpAnswer a) throws RegistryException {
            return uploadSession(this, a);
        }
    }

    /** A 202 answer to an upload's POST: where the upload session's PUT goes. */
    private static URI uploadSession(BaseEndpoint<URI> post, HttpAnswer a) throws RegistryException {
        if (a.status() != 202) {
            throw ErrorBodies.toException(post.actionDescription(), a);
        }
        String location = a.header("Location").orElseThrow(() -> post.invalid(a, "no Location header"));
        try {
            return post.uri().resolve(location);
        } catch (IllegalArgumentException e) {
            throw post.invalid(a, "invalid Location header");
        }
    }

    /**
     * {@code POST .../blobs/uploads/?mount=<digest>&from=<other repository>}: 201 = the registry linked the blob it holds in
     * the other repository (no bytes sent; the answer is null); 202 = it did not (unknown there, not allowed, no mount
     * support): the answer is the location of an ordinary upload session.
     */
    static final class Mount extends BaseEndpoint<URI> {
        Mount(ImageRepository repo, URI uploads, Digest digest, ImageRepository from) {
            super("POST", repo, URI.create(uploads + "?mount=" + digest.value().replace(":", "%3A") + "&from=" + from.name()),
                    "pull,push", "mounting blob " + digest + " from " + from.name() + " into " + repo);
        }

        @Override
        public byte[] body() {
            return new byte[0];
        }

        @Override
        public URI handle(HttpAnswer a) throws RegistryException {
            return a.status() == 201 ? null : uploadSession(this, a);
        }
    }

    static final class Finish extends BaseEndpoint<Digest> {
        private final byte[] content;
        private final BlobSource stream;
        private final Digest digest;

        Finish(ImageRepository repo, URI location, Digest digest, byte[] content) {
            super("PUT", repo, withDigest(location, digest), "pull,push", "uploading blob " + digest + " to " + repo);
            this.content = content;
            this.stream = null;
            this.digest = digest;
        }

        /** The bytes streamed from {@code source} (a layer need not fit in memory). */
        Finish(ImageRepository repo, URI location, Digest digest, BlobSource source) {
            super("PUT", repo, withDigest(location, digest), "pull,push", "uploading blob " + digest + " to " + repo);
            this.content = null;
            this.stream = source;
            this.digest = digest;
        }

        @Override
        public BlobSource streamBody() {
            return stream;
        }

        private static URI withDigest(URI location, Digest digest) {
            String s = location.toString();
            return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + digest.value().replace(":", "%3A"));
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Content-Type", "application/octet-stream");
        }

        @Override
        public byte[] body() {
            return content;
        }

        @Override
        public Digest handle(HttpAnswer a) throws RegistryException {
            if (a.status() != 201 && a.status() != 204 && a.status() != 200) {
                throw ErrorBodies.toException(actionDescription(), a);
            }
            return digest;
        }
    }
}
