package dev.tagline.builder.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifests tagline writes itself, as compact JSON with a fixed field order and sorted
 * annotations, so equal inputs give byte-for-byte equal manifests (and equal digests).
 */
public final class ManifestJson {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestJson() {
    }

    /** One platform's image, as it goes into an index. */
    public record Child(Platform platform, Digest digest, long size, String mediaType) {
    }

    /** An OCI image index over the children, in the given (plan) order. */
    public static byte[] ociIndex(List<Child> children, Map<String, String> annotations) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", OCI_INDEX);
        ArrayNode manifests = root.putArray("manifests");
        for (Child c : children) {
            ObjectNode m = manifests.addObject();
            m.put("mediaType", c.mediaType());
            m.put("digest", c.digest().value());
            m.put("size", c.size());
            ObjectNode p = m.putObject("platform");
            p.put("architecture", c.platform().architecture());
            p.put("os", c.platform().os());
            if (c.platform().variant() != null) {
                p.put("variant", c.platform().variant());
            }
        }
        putAnnotations(root, annotations);
        return write(root);
    }

    /**
     * The same OCI image manifest with these annotations merged into its {@code annotations} (the
     * given ones win). The config and layers are untouched, so pushing it uploads no blob.
     */
    public static byte[] withAnnotations(byte[] manifest, Map<String, String> annotations) {
        if (annotations.isEmpty()) {
            return manifest;
        }
        ObjectNode root = read(manifest);
        Map<String, String> merged = new TreeMap<>();
        JsonNode existing = root.get("annotations");
        if (existing != null && existing.isObject()) {
            existing.fields().forEachRemaining(e -> merged.put(e.getKey(), e.getValue().asText()));
        }
        merged.putAll(annotations);
        root.remove("annotations");
        putAnnotations(root, merged);
        return write(root);
    }

    /** Digests of the config and layer blobs of an image manifest. */
    public static List<Blob> blobs(byte[] imageManifest) {
        ObjectNode root = read(imageManifest);
        List<Blob> out = new ArrayList<>();
        JsonNode config = root.get("config");
        if (config != null) {
            out.add(blob(config));
        }
        JsonNode layers = root.get("layers");
        if (layers != null) {
            layers.forEach(l -> out.add(blob(l)));
        }
        return out;
    }

    /** A blob a manifest refers to. */
    public record Blob(Digest digest, long size) {
    }

    private static Blob blob(JsonNode node) {
        return new Blob(Digest.parse(node.path("digest").asText()), node.path("size").asLong());
    }

    private static void putAnnotations(ObjectNode root, Map<String, String> annotations) {
        if (annotations.isEmpty()) {
            return;
        }
        ObjectNode a = root.putObject("annotations");
        new TreeMap<>(annotations).forEach(a::put);
    }

    private static ObjectNode read(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (!(node instanceof ObjectNode o)) {
                throw new IllegalArgumentException("a manifest must be a JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] write(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
