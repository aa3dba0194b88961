package dev.tagline.builder.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.MediaTypes;
import dev.tagline.schema.value.Digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry objects that carry an SBOM, as {@code cosign attach sbom} writes them and as an OCI 1.1 referrer at once:
 * one OCI image manifest whose single layer is the SBOM ({@code application/vnd.cyclonedx+json}), with a minimal image
 * config like cosign's (go-containerregistry's empty image with that one layer), {@code artifactType} set to the SBOM's
 * media type and {@code subject} the image. It is tagged {@code sha256-<hex>.sbom} (cosign) and, on a registry without
 * the referrers API, listed in the referrers fallback index tagged {@code sha256-<hex>}. Bytes are compact JSON in a
 * fixed field order, so the same SBOM and subject always give the same manifest digest.
 */
public final class SbomManifest {
    public static final String TAG_SUFFIX = ".sbom";
    /** Annotation naming what made the SBOM: same generator, same subject, same SBOM (see {@link CycloneDxSbom}). */
    public static final String GENERATOR = "dev.tagline.sbom.generator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EPOCH_ZERO = "0001-01-01T00:00:00Z";

    private SbomManifest() {
    }

    /** The SBOM as a blob, the config blob, and the manifest bytes that reference both and the subject. */
    public record Parts(byte[] sbom, byte[] config, byte[] manifest) {
        public Digest manifestDigest() {
            return Digest.of(manifest);
        }

        public Descriptor descriptor() {
            return Descriptor.of(MediaTypes.OCI_MANIFEST, manifest).withArtifactType(CycloneDxSbom.MEDIA_TYPE);
        }
    }

    public static Parts of(byte[] sbom, Descriptor subject, String generator) {
        Digest sbomDigest = Digest.of(sbom);
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", List.of(sbomDigest.value()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "");
        config.put("created", EPOCH_ZERO);
        config.put("history", List.of(Map.of("created", EPOCH_ZERO)));
        config.put("os", "");
        config.put("rootfs", rootfs);
        config.put("config", Map.of());
        byte[] configBytes = write(config);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("artifactType", CycloneDxSbom.MEDIA_TYPE);
        manifest.put("config", descriptor(MediaTypes.OCI_CONFIG, Digest.of(configBytes), configBytes.length));
        manifest.put("layers", List.of(descriptor(CycloneDxSbom.MEDIA_TYPE, sbomDigest, sbom.length)));
        manifest.put("subject", descriptor(subject.mediaType(), subject.digest(), subject.size()));
        manifest.put("annotations", Map.of(GENERATOR, generator));
        return new Parts(sbom.clone(), configBytes, write(manifest));
    }

    /** {@code sha256-<hex>.sbom}: where cosign looks for the SBOM of {@code subject}. */
    public static String tag(Digest subject) {
        return "sha256-" + subject.hex() + TAG_SUFFIX;
    }

    /**
     * The referrers fallback index with {@code added} listed (and {@code replaced}, an SBOM manifest it supersedes,
     * dropped); null when {@code existing} already lists it and nothing is to be dropped (nothing to write). Other
     * entries (signatures, attestations of other tools) are kept as they are.
     */
    public static byte[] fallbackIndex(byte[] existing, Descriptor added, Digest replaced) {
        ObjectNode index;
        try {
            index = existing == null ? null : (ObjectNode) JSON.readTree(existing);
        } catch (IOException | ClassCastException e) {
            index = null;
        }
        if (index == null) {
            index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
        }
        JsonNode manifests = index.get("manifests");
        ArrayNode list = manifests instanceof ArrayNode a ? a : index.putArray("manifests");
        boolean listed = false;
        boolean dropped = false;
        for (int i = list.size() - 1; i >= 0; i--) {
            String d = list.get(i).path("digest").asText();
            if (d.equals(added.digest().value())) {
                listed = true;
            } else if (replaced != null && d.equals(replaced.value())) {
                list.remove(i);
                dropped = true;
            }
        }
        if (listed && !dropped) {
            return null;
        }
        if (!listed) {
            ObjectNode entry = list.addObject();
            entry.put("mediaType", added.mediaType());
            entry.put("digest", added.digest().value());
            entry.put("size", added.size());
            entry.put("artifactType", added.artifactType());
        }
        try {
            return JSON.writeValueAsBytes(index);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> descriptor(String mediaType, Digest digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest.value());
        d.put("size", size);
        return d;
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
