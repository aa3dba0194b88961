package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads manifests and indexes (OCI and Docker v2) into {@link Manifest}, and writes image indexes
 * with a stable field order (same descriptors, same bytes, same digest).
 */
public final class ManifestJson {
    private ManifestJson() {
    }

    /**
     * Parses manifest bytes. The media type is the document's {@code mediaType} field when it names
     * a manifest type, else the response's Content-Type, else inferred ({@code manifests} = OCI
     * index, {@code config} = OCI manifest).
     *
     * @throws IllegalArgumentException naming the field when the bytes are not a usable manifest
     *                                  (including Docker schema 1, which this client never asks for)
     */
    public static Manifest parse(byte[] bytes, @Nullable String contentType) {
        Map<String, Object> doc;
        try {
            doc = Json.parseObject(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest is not a JSON object: " + e.getMessage(), e);
        }
        String declared = Json.string(doc, "mediaType");
        String mediaType = mediaTypeOf(doc, declared, contentType);
        if (mediaType == null) {
            long schemaVersion = Json.longValue(doc, "schemaVersion", 0);
            if (schemaVersion == 1) {
                throw new IllegalArgumentException("Docker schema 1 manifests are not supported");
            }
            throw new IllegalArgumentException("cannot tell the manifest type (mediaType '" + declared
                    + "', Content-Type '" + contentType + "')");
        }
        List<Descriptor> children = new ArrayList<>();
        Descriptor config = null;
        List<Descriptor> layers = new ArrayList<>();
        if (MediaTypes.isIndex(mediaType)) {
            for (Object o : Json.array(doc, "manifests")) {
                children.add(descriptor(o, "manifests[" + children.size() + "]"));
            }
        } else {
            Object c = doc.get("config");
            if (c == null) {
                throw new IllegalArgumentException("image manifest without 'config'");
            }
            config = descriptor(c, "config");
            for (Object o : Json.array(doc, "layers")) {
                layers.add(descriptor(o, "layers[" + layers.size() + "]"));
            }
        }
        Object s = doc.get("subject");
        Descriptor subject = s == null ? null : descriptor(s, "subject");
        return new Manifest(Digest.of(bytes), mediaType, bytes, children, config, layers, subject,
                Json.stringMap(doc, "annotations"));
    }

    private static String mediaTypeOf(Map<String, Object> doc, String declared, String contentType) {
        if (MediaTypes.isManifest(declared)) {
            return MediaTypes.normalize(declared);
        }
        if (MediaTypes.isManifest(contentType)) {
            return MediaTypes.normalize(contentType);
        }
        if (declared != null) {
            return null;
        }
        if (doc.containsKey("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (doc.containsKey("config") && doc.containsKey("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Descriptor descriptor(Object o, String where) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        Map<String, Object> m = (Map<String, Object>) o;
        try {
            String mediaType = Json.string(m, "mediaType");
            String digest = Json.string(m, "digest");
            if (digest == null) {
                throw new IllegalArgumentException("missing 'digest'");
            }
            long size = Json.longValue(m, "size", -1);
            if (size < 0) {
                throw new IllegalArgumentException("missing or negative 'size'");
            }
            return new Descriptor(mediaType == null ? "" : mediaType, Digest.parse(digest), size,
                    platform(Json.object(m, "platform")), Json.stringMap(m, "annotations"),
                    Json.string(m, "artifactType"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Platform platform(Map<String, Object> p) {
        if (p == null) {
            return null;
        }
        String os = Json.string(p, "os");
        String arch = Json.string(p, "architecture");
        String variant = Json.string(p, "variant");
        if (os == null || arch == null) {
            return null;
        }
        try {
            return Platform.parse(os + "/" + arch + (variant == null || variant.isEmpty() ? "" : "/" + variant));
        } catch (IllegalArgumentException e) {
            return null; // a platform our value type cannot express; the raw bytes still carry it
        }
    }

    /**
     * An image index: {@code schemaVersion}, {@code mediaType}, {@code manifests} (each with
     * mediaType, digest, size, then platform, annotations, artifactType when set), then
     * {@code annotations} when not empty. Compact, no trailing newline.
     *
     * @param mediaType {@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST}
     */
    public static byte[] index(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
        if (!MediaTypes.isIndex(mediaType)) {
            throw new IllegalArgumentException("not an index media type: " + mediaType);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", BigDecimal.valueOf(2));
        doc.put("mediaType", mediaType);
        List<Object> list = new ArrayList<>();
        for (Descriptor d : manifests) {
            list.add(toMap(d));
        }
        doc.put("manifests", list);
        if (annotations != null && !annotations.isEmpty()) {
            doc.put("annotations", new LinkedHashMap<>(annotations));
        }
        return Json.write(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** A descriptor as a JSON object map, in the field order used by {@link #index}. */
    static Map<String, Object> toMap(Descriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", d.mediaType());
        m.put("digest", d.digest().value());
        m.put("size", BigDecimal.valueOf(d.size()));
        if (d.platform() != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("architecture", d.platform().architecture());
            p.put("os", d.platform().os());
            if (d.platform().variant() != null) {
                p.put("variant", d.platform().variant());
            }
            m.put("platform", p);
        }
        if (!d.annotations().isEmpty()) {
            m.put("annotations", new LinkedHashMap<>(d.annotations()));
        }
        if (d.artifactType() != null) {
            m.put("artifactType", d.artifactType());
        }
        return m;
    }
}
