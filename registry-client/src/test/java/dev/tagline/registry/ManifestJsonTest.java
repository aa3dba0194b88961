package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestJsonTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ociImageManifestWithSubjectAndAnnotations() {
        byte[] bytes = b("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.example.sbom",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":32,
                            "annotations":{"org.opencontainers.image.title":"a.tgz"}}],
                 "subject":{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"%s","size":500},
                 "annotations":{"org.opencontainers.image.created":"2026-01-01T00:00:00Z"}}
                """.formatted(D1, D2, D3));
        Manifest m = ManifestJson.parse(bytes, "application/vnd.oci.image.manifest.v1+json");
        assertEquals(Digest.of(bytes), m.digest());
        assertArrayEquals(bytes, m.bytes());
        assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
        assertFalse(m.isIndex());
        assertEquals(D1, m.config().digest().value());
        assertEquals(2, m.config().size());
        assertEquals(1, m.layers().size());
        assertEquals("a.tgz", m.layers().get(0).annotations().get("org.opencontainers.image.title"));
        assertEquals(D3, m.subject().digest().value());
        assertTrue(m.subject().isIndex());
        assertEquals("2026-01-01T00:00:00Z", m.annotations().get("org.opencontainers.image.created"));
        assertTrue(m.manifests().isEmpty());
    }

    @Test
    void ociIndexChildrenCarryPlatforms() {
        byte[] bytes = b("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                  {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":400,"platform":{"architecture":"amd64","os":"linux"}},
                  {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":401,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
                  {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":402,"platform":{"architecture":"unknown","os":"unknown"},
                   "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}
                """.formatted(D1, D2, D3));
        Manifest m = ManifestJson.parse(bytes, null);
        assertTrue(m.isIndex());
        assertEquals(MediaTypes.OCI_INDEX, m.mediaType());
        assertNull(m.config());
        assertEquals(3, m.manifests().size());
        assertEquals(Platform.parse("linux/amd64"), m.manifests().get(0).platform());
        assertEquals(Platform.parse("linux/arm64/v8"), m.manifests().get(1).platform());
        assertEquals("unknown/unknown", m.manifests().get(2).platform().value());
        assertEquals(402, m.manifests().get(2).size());
    }

    @Test
    void dockerManifestListIsAnIndex() {
        byte[] bytes = b("""
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
                  {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"%s","size":7,"platform":{"architecture":"arm","os":"linux","variant":"v7"}}]}
                """.formatted(D1));
        Manifest m = ManifestJson.parse(bytes, "application/vnd.docker.distribution.manifest.list.v2+json");
        assertTrue(m.isIndex());
        assertEquals(Platform.parse("linux/arm/v7"), m.manifests().get(0).platform());
    }

    @Test
    void mediaTypeComesFromTheDocumentThenTheHeaderThenTheShape() {
        String image = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"" + D1 + "\",\"size\":1},\"layers\":[]}";
        assertEquals(MediaTypes.OCI_MANIFEST, ManifestJson.parse(b(image), null).mediaType());
        assertEquals(MediaTypes.DOCKER_MANIFEST, ManifestJson.parse(b(image), MediaTypes.DOCKER_MANIFEST + "; charset=utf-8").mediaType());
        String index = "{\"schemaVersion\":2,\"manifests\":[]}";
        assertEquals(MediaTypes.OCI_INDEX, ManifestJson.parse(b(index), "application/json").mediaType());
    }

    @Test
    void oddPlatformsAreDroppedNotFatal() {
        byte[] bytes = b("{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"m\",\"digest\":\""
                + D1 + "\",\"size\":1,\"platform\":{\"architecture\":\"AMD64\",\"os\":\"Windows\",\"os.version\":\"10.0\"}}]}");
        assertNull(ManifestJson.parse(bytes, null).manifests().get(0).platform());
    }

    @Test
    void unusableManifestsAreRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestJson.parse(b(
                "{\"schemaVersion\":1,\"name\":\"a\",\"fsLayers\":[]}"), MediaTypes.DOCKER_SCHEMA1_SIGNED)).getMessage().contains("schema 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestJson.parse(b(
                "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"m\",\"digest\":\"md5:x\",\"size\":1}]}"), null))
                .getMessage().startsWith("manifests[0]: invalid digest"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestJson.parse(b(
                "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}"), null)).getMessage().contains("config"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestJson.parse(b(
                "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"digest\":\"" + D1 + "\"}}"), null))
                .getMessage().startsWith("config: missing or negative 'size'"));
        assertThrows(IllegalArgumentException.class, () -> ManifestJson.parse(b("not json"), null));
        assertThrows(IllegalArgumentException.class, () -> ManifestJson.parse(b("[]"), null));
    }

    @Test
    void indexWriterIsStableAndReadsBack() {
        Descriptor amd = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(D1), 400).withPlatform(Platform.parse("linux/amd64"));
        Descriptor arm = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(D2), 401).withPlatform(Platform.parse("linux/arm64/v8"));
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("org.opencontainers.image.revision", "abc");
        byte[] bytes = ManifestJson.index(MediaTypes.OCI_INDEX, List.of(amd, arm), ann);
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":400,"
                + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D2 + "\",\"size\":401,"
                + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}],"
                + "\"annotations\":{\"org.opencontainers.image.revision\":\"abc\"}}", new String(bytes, StandardCharsets.UTF_8));
        assertArrayEquals(bytes, ManifestJson.index(MediaTypes.OCI_INDEX, List.of(amd, arm), ann));
        Manifest back = ManifestJson.parse(bytes, null);
        assertEquals(List.of(amd, arm), back.manifests());
        assertEquals(ann, back.annotations());
        assertThrows(IllegalArgumentException.class, () -> ManifestJson.index(MediaTypes.OCI_MANIFEST, List.of(), Map.of()));
    }

    /**
     * The bytes (and so the digest) the hand-written writer produced for this index before the move
     * to Jackson, pinned: the same descriptors must give the same index digest across versions.
     * Covers escapes, non-ASCII, a control character, a size above 2^53 and both optional fields.
     */
    @Test
    void indexBytesAndDigestAreTheSameAsBeforeJackson() {
        Map<String, String> childAnnotations = new LinkedHashMap<>();
        childAnnotations.put("z.note", "line1\nline2\ttab \"q\" back\\slash a/b");
        childAnnotations.put("a.title", "caf\u00e9 \u2713 \uD83D\uDE80 \u0001");
        Descriptor amd = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(D1), 400)
                .withPlatform(Platform.parse("linux/amd64")).withAnnotations(childAnnotations);
        Descriptor bundle = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(D2), 9007199254740993L)
                .withArtifactType("application/vnd.dev.sigstore.bundle.v0.3+json");
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("org.opencontainers.image.revision", "abc");
        ann.put("org.opencontainers.image.description", "Shop \u2014 \"the\" <app> & more");
        byte[] bytes = ManifestJson.index(MediaTypes.OCI_INDEX, List.of(amd, bundle), ann);
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":400,\"platform\":{\"architecture\":"
                + "\"amd64\",\"os\":\"linux\"},\"annotations\":{\"z.note\":\"line1\\nline2\\ttab \\\"q\\\" back\\\\slash a/b\",\"a.title\":"
                + "\"caf\u00e9 \u2713 \uD83D\uDE80 \\u0001\"}},{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D2
                + "\",\"size\":9007199254740993,\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}],\"annotations\":"
                + "{\"org.opencontainers.image.revision\":\"abc\",\"org.opencontainers.image.description\":\"Shop \u2014 \\\"the\\\" <app> & more\"}}",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(Digest.parse("sha256:f4104a3071014353ee59be4faf6156052b052abcfcaee6e31afa56aa6eeaf7c5"), Digest.of(bytes));
    }

    @Test
    void manifestToStringNeverDumpsBytesAndEqualsComparesContent() {
        byte[] bytes = b("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}");
        Manifest a = ManifestJson.parse(bytes, null);
        Manifest c = ManifestJson.parse(bytes.clone(), null);
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        assertFalse(a.toString().contains("schemaVersion"));
        assertEquals(Descriptor.of(MediaTypes.OCI_INDEX, bytes), a.descriptor());
    }
}
