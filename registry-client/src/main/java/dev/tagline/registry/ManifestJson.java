package dev.tagline.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads manifests and indexes (OCI and Docker v2) into {@link Manifest}, and writes image indexes
 * with Jackson in an explicit field order, compact (same descriptors, same bytes, same digest).
 */
public final class ManifestJson {
    /**
     * Characters outside the BMP as raw UTF-8, not as escaped surrogate pairs: the bytes the
     * hand-written writer produced before, so an index over the same descriptors keeps its digest.
     */
    private static final ObjectWriter INDEX_WRITER = Jackson.mapper().writer()
            .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

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
        ObjectNode doc;
        try {
            doc = JsonFields.parseObject(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest is not a JSON object: " + e.getMessage(), e);
        }
        String declared = JsonFields.string(doc, "mediaType");
        String mediaType = mediaTypeOf(doc, declared, contentType);
        if (mediaType == null) {
            long schemaVersion = JsonFields.longValue(doc, "schemaVersion", 0);
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
            for (JsonNode o : JsonFields.array(doc, "manifests")) {
                children.add(descriptor(o, "manifests[" + children.size() + "]"));
            }
        } else {
            JsonNode c = doc.get("config");
            if (c == null || c.isNull()) {
                throw new IllegalArgumentException("image manifest without 'config'");
            }
            config = descriptor(c, "config");
            for (JsonNode o : JsonFields.array(doc, "layers")) {
                layers.add(descriptor(o, "layers[" + layers.size() + "]"));
            }
        }
        JsonNode s = doc.get("subject");
        Descriptor subject = s == null || s.isNull() ? null : descriptor(s, "subject");
        return new Manifest(Digest.of(bytes), mediaType, bytes, children, config, layers, subject,
                JsonFields.stringMap(doc, "annotations"));
    }

    private static String mediaTypeOf(JsonNode doc, String declared, String contentType) {
        if (MediaTypes.isManifest(declared)) {
            return MediaTypes.normalize(declared);
        }
        if (MediaTypes.isManifest(contentType)) {
            return MediaTypes.normalize(contentType);
        }
        if (declared != null) {
            return null;
        }
        if (doc.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (doc.has("config") && doc.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        return null;
    }

    static Descriptor descriptor(JsonNode m, String where) {
        if (!m.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        try {
            String mediaType = JsonFields.string(m, "mediaType");
            String digest = JsonFields.string(m, "digest");
            if (digest == null) {
                throw new IllegalArgumentException("missing 'digest'");
            }
            long size = JsonFields.longValue(m, "size", -1);
            if (size < 0) {
                throw new IllegalArgumentException("missing or negative 'size'");
            }
            return new Descriptor(mediaType == null ? "" : mediaType, Digest.parse(digest), size,
                    platform(JsonFields.object(m, "platform")), JsonFields.stringMap(m, "annotations"),
                    JsonFields.string(m, "artifactType"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Platform platform(JsonNode p) {
        if (p == null) {
            return null;
        }
        String os = JsonFields.string(p, "os");
        String arch = JsonFields.string(p, "architecture");
        String variant = JsonFields.string(p, "variant");
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
        ObjectNode doc = Jackson.mapper().createObjectNode();
        doc.put("schemaVersion", 2);
        doc.put("mediaType", mediaType);
        ArrayNode list = doc.putArray("manifests");
        for (Descriptor d : manifests) {
            list.add(toNode(d));
        }
        putStrings(doc, "annotations", annotations);
        try {
            return INDEX_WRITER.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an image index", e);
        }
    }

    /** A descriptor as a JSON object, in the field order used by {@link #index}. */
    static ObjectNode toNode(Descriptor d) {
        ObjectNode m = Jackson.mapper().createObjectNode();
        m.put("mediaType", d.mediaType());
        m.put("digest", d.digest().value());
        m.put("size", d.size());
        if (d.platform() != null) {
            ObjectNode p = m.putObject("platform");
            p.put("architecture", d.platform().architecture());
            p.put("os", d.platform().os());
            if (d.platform().variant() != null) {
                p.put("variant", d.platform().variant());
            }
        }
        putStrings(m, "annotations", d.annotations());
        if (d.artifactType() != null) {
            m.put("artifactType", d.artifactType());
        }
        return m;
    }

    /** The map in its own iteration order (the caller's), only when it is not empty. */
    private static void putStrings(ObjectNode parent, String field, Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            ObjectNode o = parent.putObject(field);
            values.forEach(o::put);
        }
    }
}
