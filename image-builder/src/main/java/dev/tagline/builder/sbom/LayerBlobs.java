package dev.tagline.builder.sbom;

import dev.tagline.registry.ErrorCode;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a layer's bytes come from: jib's layer caches first (the base layers a build just pulled, the layers it just
 * wrote: a file {@code layers/<hex>/<diff id hex>}, streamed from disk), else the registry (the blob read into memory,
 * up to {@code maxBytes}: a promoted image or another instance's build has no local copy).
 */
public final class LayerBlobs {
    private final RegistryClient client;
    private final List<Path> jibCaches;
    private final long maxBytes;

    public LayerBlobs(RegistryClient client, List<Path> jibCaches, long maxBytes) {
        this.client = client;
        this.jibCaches = List.copyOf(jibCaches);
        this.maxBytes = maxBytes;
    }

    /** The layer's stream, or empty when it is in no cache and larger than {@code maxBytes}. */
    public Optional<InputStream> open(ImageRepository repo, Digest layer) throws RegistryException, IOException {
        for (Path cache : jibCaches) {
            Path dir = cache.resolve("layers").resolve(layer.hex());
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Optional<Path> file = files.filter(Files::isRegularFile).findFirst();
                    if (file.isPresent()) {
                        return Optional.of(Files.newInputStream(file.get()));
                    }
                }
            }
        }
        try {
            return Optional.of(new ByteArrayInputStream(client.getBlob(repo, layer, maxBytes)));
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.TOO_LARGE) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
