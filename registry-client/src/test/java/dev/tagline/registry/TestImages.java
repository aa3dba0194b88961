package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Small real images pushed with the client itself: a config blob, one tiny layer, a manifest. */
final class TestImages {
    private TestImages() {
    }

    /** An image config for {@code platform} whose label makes its digest unique per {@code marker}. */
    static byte[] config(Platform platform, String marker, Digest diffId) {
        return ("{\"architecture\":\"" + platform.architecture() + "\",\"os\":\"" + platform.os() + "\""
                + (platform.variant() == null ? "" : ",\"variant\":\"" + platform.variant() + "\"")
                + ",\"created\":\"2026-01-02T03:04:05Z\",\"config\":{\"Labels\":{\"marker\":\"" + marker + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Pushes blobs and the manifest under the tag (or untagged when tag is null); returns the manifest as stored. */
    static Manifest push(RegistryClient client, ImageRepository repo, ImageTag tag, Platform platform, String marker, boolean docker)
            throws RegistryException {
        byte[] tar = ("a tiny layer for " + marker).getBytes(StandardCharsets.UTF_8); // not a real tar: registries do not look
        byte[] layer = gzip(tar);
        byte[] config = config(platform, marker, Digest.of(tar));
        client.pushBlob(repo, layer);
        client.pushBlob(repo, config);
        String type = docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + type + "\","
                + "\"config\":{\"mediaType\":\"" + (docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG) + "\",\"digest\":\""
                + Digest.of(config) + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + (docker ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP) + "\",\"digest\":\""
                + Digest.of(layer) + "\",\"size\":" + layer.length + "}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (tag == null) {
            client.putManifest(repo, Digest.of(bytes), bytes, type);
        } else {
            client.putManifest(repo, tag, bytes, type);
        }
        return ManifestJson.parse(bytes, type);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Runs skopeo (a client tagline did not write) and returns its stdout; fails on a non-zero exit. */
    static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("skopeo");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("skopeo did not finish in 60 s: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("skopeo failed (" + p.exitValue() + "): " + cmd + "\n" + text);
        }
        return text;
    }
}
