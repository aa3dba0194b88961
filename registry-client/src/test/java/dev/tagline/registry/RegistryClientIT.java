package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real CNCF Distribution 2.8 (testkit's LocalRegistry), checked with skopeo where cheap. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryClientIT {
    private static final AtomicInteger REPOS = new AtomicInteger();
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8");

    private LocalRegistry registry;
    private RegistryClient client;

    @BeforeAll
    void start() {
        registry = LocalRegistry.shared();
        client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build();
    }

    @AfterAll
    void close() {
        client.close();
    }

    private ImageRepository repo(String name) {
        return ImageRepository.parse(registry.hostPort() + "/it/" + name + "-" + REPOS.incrementAndGet());
    }

    private static ImageTag tag(String t) {
        return ImageTag.parse(t);
    }

    @Test
    void pushedImageResolvesAndReadsBackByTagAndDigest() throws Exception {
        ImageRepository repo = repo("single");
        Manifest pushed = TestImages.push(client, repo, tag("v1"), AMD64, "single", false);

        Descriptor byTag = client.resolve(repo, tag("v1")).orElseThrow();
        assertEquals(Descriptor.of(MediaTypes.OCI_MANIFEST, pushed.digest(), pushed.bytes().length), byTag);
        assertEquals(byTag, client.resolve(repo, pushed.digest()).orElseThrow());

        Manifest read = client.getManifest(repo, tag("v1"));
        assertArrayEquals(pushed.bytes(), read.bytes());
        assertEquals(pushed.digest(), read.digest());
        assertEquals(pushed.config(), read.config());
        assertEquals(1, read.layers().size());
        assertEquals(read, client.getManifest(repo, pushed.digest()));

        assertTrue(client.resolve(repo, tag("nope")).isEmpty());
        assertTrue(client.resolve(repo, Digest.of("nothing")).isEmpty());
        assertEquals(ErrorCode.MANIFEST_UNKNOWN, assertThrows(RegistryException.class, () -> client.getManifest(repo, tag("nope"))).code());

        // a client tagline did not write sees the same bytes and digest
        String raw = TestImages.skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + repo.withTag(tag("v1")));
        assertEquals(new String(pushed.bytes(), StandardCharsets.UTF_8), raw.strip());
        String digest = TestImages.skopeo("inspect", "--format", "{{.Digest}} {{.Labels.marker}}", "--tls-verify=false",
                "docker://" + repo.withTag(tag("v1")));
        assertEquals(pushed.digest() + " single", digest.strip());
    }

    @Test
    void moreThanAThousandTagsAreAllListed() throws Exception {
        ImageRepository repo = repo("many");
        Manifest m = TestImages.push(client, repo, tag("t0000"), AMD64, "many", false);
        List<String> expected = new ArrayList<>();
        expected.add("t0000");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Digest>> puts = new ArrayList<>();
            for (int i = 1; i < 1100; i++) {
                String t = String.format("t%04d", i);
                puts.add(pool.submit(() -> client.putManifest(repo, tag(t), m.bytes(), m.mediaType())));
                expected.add(t);
            }
            for (Future<Digest> f : puts) {
                assertEquals(m.digest(), f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<ImageTag> tags = client.listTags(repo);
        assertEquals(1100, tags.size());
        assertEquals(expected, tags.stream().map(ImageTag::value).toList());

        // Distribution 2.8 ignores n: a small page size still yields everything, not a partial list
        try (RegistryClient small = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).pageSize(50).build()) {
            assertEquals(tags, small.listTags(repo));
        }
    }

    @Test
    void exactlyOnePageOfTagsOnAServerIgnoringPagingIsStillComplete() throws Exception {
        ImageRepository repo = repo("exact");
        Manifest m = TestImages.push(client, repo, tag("a"), AMD64, "exact", false);
        for (String t : List.of("b", "c", "d", "e")) {
            client.putManifest(repo, tag(t), m.bytes(), m.mediaType());
        }
        try (RegistryClient five = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).pageSize(5).build()) {
            assertEquals("[a, b, c, d, e]", five.listTags(repo).toString());
        }
    }

    @Test
    void unknownRepositoryHasNoTags() throws Exception {
        assertEquals(List.of(), client.listTags(repo("never-pushed")));
    }

    @Test
    void ociIndexPutByTagReadsBackWithItsDigestAndPlatforms() throws Exception {
        ImageRepository repo = repo("oci-index");
        List<Manifest> images = pushAmd64AndArm64(repo, "", false);
        byte[] index = indexOf(MediaTypes.OCI_INDEX, images, Map.of("org.opencontainers.image.revision", "0123abc"));
        Digest digest = client.putManifest(repo, tag("1.0.0"), index, MediaTypes.OCI_INDEX);
        assertEquals(Digest.of(index), digest);

        Descriptor resolved = client.resolve(repo, tag("1.0.0")).orElseThrow();
        assertEquals(Descriptor.of(MediaTypes.OCI_INDEX, digest, index.length), resolved);
        Manifest read = client.getManifest(repo, tag("1.0.0"));
        assertTrue(read.isIndex());
        assertArrayEquals(index, read.bytes());
        assertEquals(List.of(AMD64, ARM64), read.manifests().stream().map(Descriptor::platform).toList());
        assertEquals(images.get(1).digest(), client.getManifest(repo, read.manifests().get(1).digest()).digest());
        assertEquals("0123abc", read.annotations().get("org.opencontainers.image.revision"));

        String raw = TestImages.skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + repo.withTag(tag("1.0.0")));
        assertEquals(new String(index, StandardCharsets.UTF_8), raw.strip());
        String armLabel = TestImages.skopeo("inspect", "--override-arch", "arm64", "--override-variant", "v8", "--format", "{{.Labels.marker}}",
                "--tls-verify=false", "docker://" + repo.withTag(tag("1.0.0")));
        assertEquals("arm", armLabel.strip());
    }

    @Test
    void dockerManifestListKeepsItsBytesAndDigest() throws Exception {
        ImageRepository repo = repo("docker-list");
        List<Manifest> images = pushAmd64AndArm64(repo, "d-", true);
        byte[] list = indexOf(MediaTypes.DOCKER_MANIFEST_LIST, images, Map.of());
        client.putManifest(repo, tag("latest"), list, MediaTypes.DOCKER_MANIFEST_LIST);

        Manifest read = client.getManifest(repo, tag("latest"));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, read.mediaType());
        assertEquals(Digest.of(list), read.digest());
        assertArrayEquals(list, read.bytes());
        assertEquals(Optional.of(Descriptor.of(MediaTypes.DOCKER_MANIFEST_LIST, Digest.of(list), list.length)), client.resolve(repo, tag("latest")));
        assertEquals(MediaTypes.DOCKER_MANIFEST, client.getManifest(repo, images.get(0).digest()).mediaType());
    }

    /** An amd64 and an arm64 image pushed untagged, marked {@code <marker>amd} and {@code <marker>arm}. */
    private List<Manifest> pushAmd64AndArm64(ImageRepository repo, String marker, boolean docker) throws Exception {
        return List.of(TestImages.push(client, repo, null, AMD64, marker + "amd", docker),
                TestImages.push(client, repo, null, ARM64, marker + "arm", docker));
    }

    /** The index of {@link #pushAmd64AndArm64}'s two images, in that order. */
    private static byte[] indexOf(String mediaType, List<Manifest> images, Map<String, String> annotations) {
        return ManifestJson.index(mediaType, List.of(images.get(0).descriptor().withPlatform(AMD64),
                images.get(1).descriptor().withPlatform(ARM64)), annotations);
    }

    @Test
    void retagIsAManifestPutUnderANewTagWithTheSameDigest() throws Exception {
        ImageRepository repo = repo("retag");
        Manifest m = TestImages.push(client, repo, tag("sha-1a2b3c4"), AMD64, "retag", false);
        Manifest read = client.getManifest(repo, tag("sha-1a2b3c4"));
        assertEquals(m.digest(), client.putManifest(repo, tag("v1.2.3"), read.bytes(), read.mediaType()));
        assertEquals(m.digest(), client.resolve(repo, tag("v1.2.3")).orElseThrow().digest());
        assertEquals("[sha-1a2b3c4, v1.2.3]", client.listTags(repo).toString());
    }

    @Test
    void putManifestWithAMissingBlobIsAPermanentError() throws Exception {
        ImageRepository repo = repo("missing-blob");
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.of("absent") + "\",\"size\":6},\"layers\":[]}";
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.putManifest(repo, tag("v1"), body.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST));
        assertEquals(ErrorCode.MANIFEST_BLOB_UNKNOWN, e.code());
        assertEquals(400, e.status());
        assertFalse(e.transientFailure());
    }

    @Test
    void deleteByDigestRemovesEveryTagOnIt() throws Exception {
        ImageRepository repo = repo("delete");
        Manifest release = TestImages.push(client, repo, tag("sha-abc1234"), AMD64, "release", false);
        client.putManifest(repo, tag("v1.0.0"), release.bytes(), release.mediaType());
        Manifest other = TestImages.push(client, repo, tag("sha-def5678"), AMD64, "other", false);

        client.deleteManifest(repo, release.digest());

        assertEquals("[sha-def5678]", client.listTags(repo).toString(), "Distribution 2.8 drops every tag on the digest");
        assertTrue(client.resolve(repo, tag("v1.0.0")).isEmpty());
        assertTrue(client.resolve(repo, release.digest()).isEmpty());
        assertEquals(other.digest(), client.resolve(repo, tag("sha-def5678")).orElseThrow().digest());
        assertEquals(ErrorCode.MANIFEST_UNKNOWN, assertThrows(RegistryException.class, () -> client.deleteManifest(repo, release.digest())).code());
        assertTrue(client.blobExists(repo, release.config().digest()), "blobs stay until garbage-collect");
    }

    @Test
    void tagDeletionIsUnsupportedOnDistribution28AndChangesNothing() throws Exception {
        ImageRepository repo = repo("tagdel");
        Manifest m = TestImages.push(client, repo, tag("keep"), AMD64, "tagdel", false);
        assertFalse(client.supportsTagDeletion(repo));
        RegistryException e = assertThrows(RegistryException.class, () -> client.deleteTag(repo, tag("keep")));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertEquals(400, e.status());
        assertEquals(m.digest(), client.resolve(repo, tag("keep")).orElseThrow().digest());
        assertEquals("[keep]", client.listTags(repo).toString());
    }

    @Test
    void referrersFallBackToTheTagSchemaOnDistribution28() throws Exception {
        ImageRepository repo = repo("referrers");
        Manifest image = TestImages.push(client, repo, tag("v1"), AMD64, "subject", false);
        assertEquals(List.of(), client.referrers(repo, image.digest()));

        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        client.pushBlob(repo, empty);
        String sbomType = "application/vnd.example.sbom+json";
        byte[] sbom = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"" + sbomType + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + Digest.of(empty) + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + Digest.of(empty) + "\",\"size\":2}],"
                + "\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + image.digest() + "\",\"size\":"
                + image.bytes().length + "}}").getBytes(StandardCharsets.UTF_8);
        Digest sbomDigest = client.putManifest(repo, Digest.of(sbom), sbom, MediaTypes.OCI_MANIFEST);
        Manifest sbomRead = client.getManifest(repo, sbomDigest);
        assertEquals(image.digest(), sbomRead.subject().digest());

        byte[] fallbackIndex = ManifestJson.index(MediaTypes.OCI_INDEX,
                List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, sbomDigest, sbom.length).withArtifactType(sbomType)), Map.of());
        client.putManifest(repo, RegistryClient.referrersTag(image.digest()), fallbackIndex, MediaTypes.OCI_INDEX);

        List<Descriptor> referrers = client.referrers(repo, image.digest());
        assertEquals(1, referrers.size());
        assertEquals(sbomDigest, referrers.get(0).digest());
        assertEquals(sbomType, referrers.get(0).artifactType());
    }

    @Test
    void blobsExistReadBackAndRespectTheSizeLimit() throws Exception {
        ImageRepository repo = repo("blobs");
        byte[] content = "{\"created\":\"2026-01-02T03:04:05Z\"}".getBytes(StandardCharsets.UTF_8);
        Digest d = client.pushBlob(repo, content);
        assertEquals(d, client.pushBlob(repo, content), "pushing an existing blob is a no-op");
        assertTrue(client.blobExists(repo, d));
        assertFalse(client.blobExists(repo, Digest.of("absent")));
        assertArrayEquals(content, client.getBlob(repo, d, 1024));
        RegistryException tooLarge = assertThrows(RegistryException.class, () -> client.getBlob(repo, d, 10));
        assertEquals(ErrorCode.TOO_LARGE, tooLarge.code());
        assertEquals(ErrorCode.BLOB_UNKNOWN, assertThrows(RegistryException.class, () -> client.getBlob(repo, Digest.of("absent"), 10)).code());
    }

    @Test
    void aBlobIsMountedFromAnotherRepositoryOfTheRegistryOrElseUploaded() throws Exception {
        ImageRepository from = repo("mount-from");
        ImageRepository to = repo("mount-to");
        byte[] shared = ("shared layer " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        Digest d = client.pushBlob(from, shared);
        assertFalse(client.blobExists(to, d));
        assertTrue(client.uploadBlob(to, d, BlobSource.of(shared), from), "Distribution mounts a blob it holds in the other repository");
        assertArrayEquals(shared, client.getBlob(to, d, 1024));

        byte[] fresh = ("not in the source " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        assertFalse(client.uploadBlob(to, Digest.of(fresh), BlobSource.of(fresh), from), "a blob the source lacks is uploaded");
        assertArrayEquals(fresh, client.getBlob(to, Digest.of(fresh), 1024));
    }

    @Test
    void aBlobIsStreamedFromARegionOfAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        ImageRepository repo = repo("streamed");
        byte[] layer = new byte[3 << 20];
        new java.util.Random(7).nextBytes(layer);
        java.nio.file.Path file = tmp.resolve("image.tar");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            out.write(new byte[512]); // what comes before the layer in the tar
            out.write(layer);
            out.write(new byte[1024]);
        }
        Digest d = Digest.of(layer);
        assertFalse(client.uploadBlob(repo, d, BlobSource.region(file, 512, layer.length), null));
        assertArrayEquals(layer, client.getBlob(repo, d, 4 << 20));
    }

    @Test
    void aClosedPortIsATransientConnectionFailure() {
        String dead = "127.0.0.1:" + dev.tagline.testkit.FreePorts.find();
        try (RegistryClient c = RegistryClient.builder().insecureRegistries(Set.of(dead))
                .retry(new RetryPolicy(2, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1))).build()) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.listTags(ImageRepository.parse(dead + "/a/b")));
            assertEquals(ErrorCode.CONNECTION_FAILED, e.code());
            assertTrue(e.transientFailure());
            assertNotEquals(-1, e.getMessage().indexOf("cannot reach " + dead), e.getMessage());
        }
    }
}
