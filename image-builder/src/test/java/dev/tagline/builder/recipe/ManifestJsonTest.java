package dev.tagline.builder.recipe;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ManifestJsonTest {
    private static final Digest A = Digest.of("a");
    private static final Digest B = Digest.of("b");

    @Test
    void ociIndexListsChildrenInPlanOrderWithPlatformsAndSortedAnnotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("z", "last");
        annotations.put("a", "first");
        byte[] index = ManifestJson.ociIndex(List.of(
                new ManifestJson.Child(Platform.parse("linux/arm/v7"), A, 10, ManifestJson.OCI_MANIFEST),
                new ManifestJson.Child(Platform.parse("linux/amd64"), B, 20, ManifestJson.OCI_MANIFEST)), annotations);
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A + "\",\"size\":10,"
                        + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}},"
                        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + B + "\",\"size\":20,"
                        + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}],"
                        + "\"annotations\":{\"a\":\"first\",\"z\":\"last\"}}",
                new String(index, StandardCharsets.UTF_8));
    }

    /**
     * The index digest is part of "the same commit gives the same image digest": pinned, with the
     * escapes Jackson writes (characters outside the BMP as surrogate escapes, control characters
     * as uppercase-hex escapes), so a change of writer or settings cannot move it unnoticed.
     */
    @Test
    void ociIndexBytesAndDigestArePinned() {
        byte[] index = ManifestJson.ociIndex(List.of(new ManifestJson.Child(Platform.parse("linux/amd64"), A, 10, ManifestJson.OCI_MANIFEST)),
                Map.of("org.opencontainers.image.description", "caf\u00e9 \uD83D\uDE80 \"q\" \\ \n\t\u0001\u001f"));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A + "\",\"size\":10,"
                        + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}],\"annotations\":{\"org.opencontainers.image.description\":"
                        + "\"caf\u00e9 \\uD83D\\uDE80 \\\"q\\\" \\\\ \\n\\t\\u0001\\u001F\"}}",
                new String(index, StandardCharsets.UTF_8));
        assertEquals(Digest.parse("sha256:a3d818a09dffc31f812099ffe4ee41db8c9c1bfb76327564c3bdc9beb9327e7d"), Digest.of(index));
    }

    @Test
    void annotationsAreMergedIntoAnImageManifestKeepingConfigAndLayers() {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"c\",\"digest\":\"" + A + "\",\"size\":1},"
                + "\"layers\":[{\"mediaType\":\"l\",\"digest\":\"" + B + "\",\"size\":2}],\"annotations\":{\"old\":\"1\",\"k\":\"old\"}}";
        byte[] out = ManifestJson.withAnnotations(manifest.getBytes(StandardCharsets.UTF_8), Map.of("k", "new"));
        assertEquals(manifest.replace("\"annotations\":{\"old\":\"1\",\"k\":\"old\"}", "\"annotations\":{\"k\":\"new\",\"old\":\"1\"}"),
                new String(out, StandardCharsets.UTF_8));
        assertEquals(List.of(new ManifestJson.Blob(A, 1), new ManifestJson.Blob(B, 2)), ManifestJson.blobs(out));
    }

    @Test
    void noAnnotationsLeavesTheBytesUntouched() {
        byte[] manifest = "{ \"schemaVersion\" : 2 }".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(manifest, ManifestJson.withAnnotations(manifest, Map.of()));
    }
}
