package dev.tagline.pruner.execution;

import dev.tagline.registry.MediaTypes;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Pushes small but real OCI images (a gzip'd tar layer, a config, a manifest) and indexes with registry-client. */
final class TestImages {
    private TestImages() {
    }

    record Pushed(Digest digest, byte[] bytes, String mediaType, long size) {
    }

    static Pushed image(RegistryClient c, ImageRepository repo, String seed, String arch) throws RegistryException, IOException {
        byte[] layer = layer(seed);
        Digest layerDigest = c.pushBlob(repo, layer);
        Digest diffId = Digest.of(tar(seed));
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"created\":\"2020-01-01T00:00:00Z\","
                + "\"config\":{\"Labels\":{\"seed\":\"" + seed + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        Digest configDigest = c.pushBlob(repo, configBytes);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + configBytes.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        Digest d = c.putManifest(repo, Digest.of(bytes), bytes, MediaTypes.OCI_MANIFEST);
        return new Pushed(d, bytes, MediaTypes.OCI_MANIFEST, bytes.length);
    }

    static Pushed index(RegistryClient c, ImageRepository repo, List<Pushed> children, List<String> arches) throws RegistryException {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < children.size(); i++) {
            Pushed p = children.get(i);
            s.append(i > 0 ? "," : "").append("{\"mediaType\":\"").append(p.mediaType()).append("\",\"digest\":\"").append(p.digest())
                    .append("\",\"size\":").append(p.size()).append(",\"platform\":{\"architecture\":\"").append(arches.get(i)).append("\",\"os\":\"linux\"}}");
        }
        byte[] bytes = s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        Digest d = c.putManifest(repo, Digest.of(bytes), bytes, MediaTypes.OCI_INDEX);
        return new Pushed(d, bytes, MediaTypes.OCI_INDEX, bytes.length);
    }

    static void tag(RegistryClient c, ImageRepository repo, Pushed p, String... tags) throws RegistryException {
        for (String t : tags) {
            c.putManifest(repo, ImageTag.parse(t), p.bytes(), p.mediaType());
        }
    }

    private static byte[] tar(String seed) {
        // one 512-byte header-ish block with the seed, then the two zero end blocks: distinct content per seed
        byte[] tar = new byte[2048];
        byte[] name = ("file-" + seed).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, tar, 0, Math.min(name.length, 100));
        return tar;
    }

    private static byte[] layer(String seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar(seed));
        }
        return out.toByteArray();
    }
}
