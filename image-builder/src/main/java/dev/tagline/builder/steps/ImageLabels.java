package dev.tagline.builder.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.io.IOException;

/** The labels in an image's config (an index's first image), read from the registry. */
final class ImageLabels {
    private static final long MAX_CONFIG_BYTES = 4L << 20;

    private ImageLabels() {
    }

    /** The {@code config.Labels} object; a missing node when the image has no config or no labels. */
    static JsonNode read(RegistryClient client, ImageRepository repo, Digest digest) throws RegistryException, IOException {
        Manifest m = client.getManifest(repo, digest);
        if (m.isIndex()) {
            if (m.manifests().isEmpty()) {
                return MissingNode.getInstance();
            }
            m = client.getManifest(repo, m.manifests().get(0).digest());
        }
        if (m.config() == null) {
            return MissingNode.getInstance();
        }
        return Jackson.mapper().readTree(client.getBlob(repo, m.config().digest(), MAX_CONFIG_BYTES)).path("config").path("Labels");
    }
}
