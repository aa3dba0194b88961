package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips the client saves (counted on a scripted transport): the referrers API memory, the manifest cache, mounts. */
class RoundTripsTest {
    private static final ImageRepository REPO = ImageRepository.parse("reg.test:5000/acme/app");
    private static final ImageRepository OTHER = ImageRepository.parse("reg.test:5000/acme/other");
    private static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.of("c") + "\",\"size\":1},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
    private final ScriptedTransport registry = distribution();

    private RegistryClient client(int manifestCache) {
        return RegistryClient.builder().transport(registry).clock(clock).sleeper(d -> { }).insecureRegistries(Set.of("reg.test:5000"))
                .manifestCache(manifestCache).build();
    }

    /** Distribution 2.8: 404 on the referrers API and on an absent tag; a manifest GET answers MANIFEST; PUTs and DELETEs succeed. */
    private static ScriptedTransport distribution() {
        return new ScriptedTransport((call, i) -> {
            String path = call.uri().getPath();
            if (path.contains("/referrers/")) {
                return HttpAnswer.of(404, Map.of(), "404 page not found");
            }
            if (path.contains("/manifests/sha256-")) {
                return HttpAnswer.of(404, Map.of(), "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"unknown\"}]}");
            }
            return switch (call.method()) {
                case "GET" -> new HttpAnswer(200, Map.of("Content-Type", java.util.List.of(MediaTypes.OCI_MANIFEST)), MANIFEST, call.uri());
                case "PUT" -> HttpAnswer.of(201, Map.of(), "");
                case "DELETE" -> HttpAnswer.of(202, Map.of(), "");
                case "POST" -> path.endsWith("/blobs/uploads/") && call.uri().getQuery() != null && call.uri().getQuery().contains("from=acme/other")
                        ? HttpAnswer.of(201, Map.of(), "")
                        : HttpAnswer.of(202, Map.of("Location", "/v2/acme/app/blobs/uploads/u1?_state=x"), "");
                default -> HttpAnswer.of(404, Map.of(), "");
            };
        });
    }

    @Test
    void aRegistryWithoutTheReferrersApiIsAskedOnceThenOnlyItsFallbackIndexIsRead() throws Exception {
        RegistryClient c = client(0);
        Digest subject = Digest.of(MANIFEST);
        assertFalse(c.knownWithoutReferrersApi(REPO));
        assertEquals(0, c.referrers(REPO, subject).size());
        assertTrue(c.knownWithoutReferrersApi(REPO));
        assertEquals(0, c.referrers(REPO, subject).size());
        assertEquals(1, registry.count("/referrers/"), "the API is asked once");
        assertEquals(2, registry.count("/manifests/sha256-"), "the fallback index each time");

        clock.advance(RegistryClient.NO_REFERRERS_API_MEMORY.plus(Duration.ofSeconds(1)));
        assertFalse(c.knownWithoutReferrersApi(REPO));
        c.referrers(REPO, subject);
        assertEquals(2, registry.count("/referrers/"), "asked again once the memory has expired (the registry may have been upgraded)");
    }

    @Test
    void theManifestCacheAnswersWhatTheClientWroteOrReadUntilADeleteOrItsTimeToLive() throws Exception {
        RegistryClient c = client(8);
        Digest d = Digest.of(MANIFEST);
        c.putManifest(REPO, d, MANIFEST, MediaTypes.OCI_MANIFEST);
        assertEquals(d, c.getManifest(REPO, d).digest());
        assertEquals(0, countGets(), "what it just wrote is not read back");
        assertEquals(d, c.findManifest(OTHER, d).orElseThrow().digest());
        assertEquals(1, countGets(), "per repository: another repository is asked");

        c.deleteManifest(REPO, d);
        c.getManifest(REPO, d);
        assertEquals(2, countGets(), "a delete evicts it");
        c.getManifest(REPO, d);
        assertEquals(2, countGets(), "read once, remembered");
        clock.advance(RegistryClient.MANIFEST_CACHE_TTL.plus(Duration.ofSeconds(1)));
        c.getManifest(REPO, d);
        assertEquals(3, countGets(), "read again after its time to live");
    }

    @Test
    void withoutTheCacheEveryReadGoesToTheRegistry() throws Exception {
        RegistryClient c = client(0);
        Digest d = Digest.of(MANIFEST);
        c.putManifest(REPO, d, MANIFEST, MediaTypes.OCI_MANIFEST);
        c.getManifest(REPO, d);
        c.getManifest(REPO, d);
        assertEquals(2, countGets());
    }

    @Test
    void aMountIsOneRoundTripAndARefusedMountBecomesAnUploadWithoutAnExtraOne() throws Exception {
        RegistryClient c = client(0);
        byte[] blob = "layer".getBytes(StandardCharsets.UTF_8);
        assertTrue(c.uploadBlob(REPO, Digest.of(blob), BlobSource.of(blob), OTHER), "mounted");
        assertEquals(1, registry.calls.size());
        assertTrue(registry.calls.get(0).uri().toString().contains("?mount=sha256%3A" + Digest.of(blob).hex() + "&from=acme/other"));

        ImageRepository third = ImageRepository.parse("reg.test:5000/acme/third");
        assertFalse(c.uploadBlob(REPO, Digest.of(blob), BlobSource.of(blob), third), "not mounted: uploaded");
        assertEquals(3, registry.calls.size(), "the mount's POST opened the upload session: only the PUT follows");
        HttpCall put = registry.calls.get(2);
        assertEquals("PUT", put.method());
        assertTrue(put.uri().toString().contains("digest=sha256%3A" + Digest.of(blob).hex()));
        assertEquals(blob.length, put.stream().size(), "the bytes are streamed from the source");

        assertFalse(c.uploadBlob(REPO, Digest.of(blob), BlobSource.of(blob), null));
        assertTrue(registry.calls.get(3).uri().getQuery() == null, "no mount without a source repository");
    }

    private long countGets() {
        synchronized (registry.calls) {
            return registry.calls.stream().filter(c -> c.method().equals("GET") && c.uri().getPath().contains("/manifests/sha256:")).count();
        }
    }
}
