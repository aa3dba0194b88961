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

    /**
     * An OCI 1.1 artifact (an SBOM, say) whose {@code subject} is {@code subject}, pushed by digest, and
     * listed in the referrers fallback index under the tag {@code sha256-<hex>} (what oras does on a
     * registry without the referrers API, like Distribution 2.8). Returns the artifact and that index.
     */
    static List<Pushed> referrer(RegistryClient c, ImageRepository repo, Pushed subject, String seed) throws RegistryException {
        Digest empty = c.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] payload = ("{\"sbom\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
        Digest layer = c.pushBlob(repo, payload);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"application/spdx+json\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + empty + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/spdx+json\",\"digest\":\"" + layer + "\",\"size\":" + payload.length + "}],"
                + "\"subject\":{\"mediaType\":\"" + subject.mediaType() + "\",\"digest\":\"" + subject.digest() + "\",\"size\":" + subject.size() + "}}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        Digest d = c.putManifest(repo, Digest.of(bytes), bytes, MediaTypes.OCI_MANIFEST);
        Pushed artifact = new Pushed(d, bytes, MediaTypes.OCI_MANIFEST, bytes.length);
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + d + "\",\"size\":" + bytes.length + ",\"artifactType\":\"application/spdx+json\"}]}";
        byte[] indexBytes = index.getBytes(StandardCharsets.UTF_8);
        Digest i = c.putManifest(repo, RegistryClient.referrersTag(subject.digest()), indexBytes, MediaTypes.OCI_INDEX);
        return List.of(artifact, new Pushed(i, indexBytes, MediaTypes.OCI_INDEX, indexBytes.length));
    }

    /** A cosign-style attachment: a small manifest tagged {@code sha256-<hex of subject><suffix>} ({@code .sig}, {@code .att}, {@code .sbom}). */
    static Pushed attachment(RegistryClient c, ImageRepository repo, Pushed subject, String suffix) throws RegistryException {
        Digest empty = c.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] payload = ("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject.digest() + "\"}},\"kind\":\"" + suffix + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Digest layer = c.pushBlob(repo, payload);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + empty + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"digest\":\"" + layer + "\",\"size\":" + payload.length + "}]}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        Digest d = c.putManifest(repo, ImageTag.parse(RegistryClient.referrersTag(subject.digest()).value() + suffix), bytes, MediaTypes.OCI_MANIFEST);
        return new Pushed(d, bytes, MediaTypes.OCI_MANIFEST, bytes.length);
    }

    /** An amd64 and an arm64 image and their index. */
    record MultiArch(Pushed index, Pushed amd, Pushed arm) {
    }

    /** Images of {@code seed} for amd64 and arm64 and their index, the index pushed under {@code tags}. */
    static MultiArch multiArch(RegistryClient c, ImageRepository repo, String seed, String... tags) throws RegistryException, IOException {
        Pushed amd = image(c, repo, seed + "-amd64", "amd64");
        Pushed arm = image(c, repo, seed + "-arm64", "arm64");
        Pushed index = index(c, repo, List.of(amd, arm), List.of("amd64", "arm64"));
        tag(c, repo, index, tags);
        return new MultiArch(index, amd, arm);
    }

    /** An amd64 image of {@code seed}, pushed under {@code tags}. */
    static Pushed tagged(RegistryClient c, ImageRepository repo, String seed, String... tags) throws RegistryException, IOException {
        Pushed p = image(c, repo, seed, "amd64");
        tag(c, repo, p, tags);
        return p;
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
