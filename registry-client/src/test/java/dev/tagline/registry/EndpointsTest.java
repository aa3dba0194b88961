package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each verb makes of the registry's answers, against a scripted transport. */
class EndpointsTest {
    static final ImageRepository REPO = ImageRepository.parse("reg.test:5000/acme/shop");
    static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
    static final Digest INDEX_DIGEST = Digest.of(INDEX);

    static RegistryClient client(ScriptedTransport t) {
        return RegistryClient.builder().transport(t).retry(RetryPolicy.none()).build();
    }

    static HttpAnswer manifestAnswer(String body, Map<String, String> headers) {
        return HttpAnswer.of(200, headers, body);
    }

    @Test
    void manifestRequestsAcceptEveryOciAndDockerType() throws Exception {
        ScriptedTransport t = new ScriptedTransport((c, i) -> manifestAnswer(INDEX, Map.of("Content-Type", MediaTypes.OCI_INDEX)));
        client(t).getManifest(REPO, ImageTag.parse("v1"));
        String accept = t.calls.get(0).headers().get("Accept");
        for (String type : List.of(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST)) {
            assertTrue(accept.contains(type), accept);
        }
        assertEquals("https://reg.test:5000/v2/acme/shop/manifests/v1", t.calls.get(0).uri().toString());
    }

    @Test
    void getManifestKeepsTheBytesAndChecksTheServedDigest() throws Exception {
        ScriptedTransport ok = new ScriptedTransport((c, i) -> manifestAnswer(INDEX,
                Map.of("Content-Type", MediaTypes.OCI_INDEX, "Docker-Content-Digest", INDEX_DIGEST.value())));
        Manifest m = client(ok).getManifest(REPO, INDEX_DIGEST);
        assertEquals(INDEX_DIGEST, m.digest());
        assertEquals(INDEX, new String(m.bytes(), StandardCharsets.UTF_8));

        ScriptedTransport lying = new ScriptedTransport((c, i) -> manifestAnswer(INDEX,
                Map.of("Docker-Content-Digest", Digest.of("other").value())));
        RegistryException e = assertThrows(RegistryException.class, () -> client(lying).getManifest(REPO, ImageTag.parse("v1")));
        assertEquals(ErrorCode.INVALID_RESPONSE, e.code());

        ScriptedTransport wrongContent = new ScriptedTransport((c, i) -> manifestAnswer(INDEX, Map.of()));
        Digest asked = Digest.of("something else");
        e = assertThrows(RegistryException.class, () -> client(wrongContent).getManifest(REPO, asked));
        assertEquals(ErrorCode.INVALID_RESPONSE, e.code());
        assertTrue(e.getMessage().contains("asked for " + asked), e.getMessage());
    }

    @Test
    void missingManifestIsManifestUnknownOnGetAndEmptyOnResolve() throws Exception {
        ScriptedTransport t = new ScriptedTransport((c, i) -> HttpAnswer.of(404, Map.of(), "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"));
        RegistryException e = assertThrows(RegistryException.class, () -> client(t).getManifest(REPO, ImageTag.parse("gone")));
        assertEquals(ErrorCode.MANIFEST_UNKNOWN, e.code());
        assertEquals(404, e.status());
        assertTrue(client(t).resolve(REPO, ImageTag.parse("gone")).isEmpty());
        assertTrue(client(t).findManifest(REPO, INDEX_DIGEST).isEmpty());
    }

    @Test
    void resolveReadsTheHeadersAndFallsBackToGetWithoutThem() throws Exception {
        ScriptedTransport head = new ScriptedTransport((c, i) -> HttpAnswer.of(200, Map.of("Content-Type", MediaTypes.OCI_INDEX,
                "Docker-Content-Digest", INDEX_DIGEST.value(), "Content-Length", String.valueOf(INDEX.length())), ""));
        assertEquals(Descriptor.of(MediaTypes.OCI_INDEX, INDEX_DIGEST, INDEX.length()), client(head).resolve(REPO, ImageTag.parse("v1")).orElseThrow());
        assertEquals("HEAD", head.calls.get(0).method());

        ScriptedTransport bare = new ScriptedTransport((c, i) -> c.method().equals("HEAD")
                ? HttpAnswer.of(200, Map.of(), "") : manifestAnswer(INDEX, Map.of("Content-Type", MediaTypes.OCI_INDEX)));
        assertEquals(INDEX_DIGEST, client(bare).resolve(REPO, ImageTag.parse("v1")).orElseThrow().digest());
        assertEquals(List.of("HEAD", "GET"), bare.calls.stream().map(HttpCall::method).toList());
    }

    @Test
    void putManifestSendsTheExactBytesAndType() throws Exception {
        ScriptedTransport t = new ScriptedTransport((c, i) -> HttpAnswer.of(201, Map.of("Docker-Content-Digest", INDEX_DIGEST.value()), ""));
        byte[] body = INDEX.getBytes(StandardCharsets.UTF_8);
        assertEquals(INDEX_DIGEST, client(t).putManifest(REPO, ImageTag.parse("v1"), body, MediaTypes.OCI_INDEX));
        assertEquals("PUT", t.calls.get(0).method());
        assertEquals(MediaTypes.OCI_INDEX, t.calls.get(0).headers().get("Content-Type"));
        assertEquals(body, t.calls.get(0).body());
        assertEquals(INDEX_DIGEST, client(t).putManifest(REPO, INDEX_DIGEST, body, MediaTypes.OCI_INDEX));
        assertTrue(t.calls.get(1).uri().toString().endsWith("/manifests/" + INDEX_DIGEST));
    }

    @Test
    void putByAWrongDigestIsRefusedBeforeSending() {
        ScriptedTransport t = new ScriptedTransport((c, i) -> HttpAnswer.of(201, Map.of(), ""));
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(t).putManifest(REPO, Digest.of("x"), INDEX.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_INDEX));
        assertEquals(ErrorCode.DIGEST_INVALID, e.code());
        assertTrue(t.calls.isEmpty());
    }

    @Test
    void invalidManifestPutIsPermanent() {
        ScriptedTransport t = new ScriptedTransport((c, i) -> HttpAnswer.of(400, Map.of(),
                "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"));
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(t).putManifest(REPO, ImageTag.parse("v1"), INDEX.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_INDEX));
        assertEquals(ErrorCode.MANIFEST_BLOB_UNKNOWN, e.code());
        assertFalse(e.transientFailure());
        assertTrue(e.getMessage().startsWith("pushing manifest reg.test:5000/acme/shop:v1 failed: MANIFEST_BLOB_UNKNOWN (HTTP 400)"), e.getMessage());
    }

    @Test
    void deleteWithDeletesDisabledIsOneClearError() {
        ScriptedTransport t = new ScriptedTransport((c, i) -> HttpAnswer.of(405, Map.of(),
                "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"The operation is unsupported.\"}]}"));
        RegistryException e = assertThrows(RegistryException.class, () -> client(t).deleteManifest(REPO, INDEX_DIGEST));
        assertEquals(ErrorCode.DELETE_DISABLED, e.code());
        assertTrue(e.getMessage().contains("deletes disabled"), e.getMessage());
        assertTrue(e.getMessage().startsWith("deleting manifest reg.test:5000/acme/shop@" + INDEX_DIGEST), e.getMessage());
    }

    @Test
    void deletingAMissingManifestIsManifestUnknown() {
        ScriptedTransport t = new ScriptedTransport((c, i) -> HttpAnswer.of(404, Map.of(), "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"));
        assertEquals(ErrorCode.MANIFEST_UNKNOWN, assertThrows(RegistryException.class, () -> client(t).deleteManifest(REPO, INDEX_DIGEST)).code());
    }

    @Test
    void tagDeletionOnDistribution28IsUnsupported() throws Exception {
        ScriptedTransport t = new ScriptedTransport((c, i) -> HttpAnswer.of(400, Map.of(),
                "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match uploaded content\"}]}"));
        RegistryClient c = client(t);
        assertFalse(c.supportsTagDeletion(REPO));
        assertFalse(c.supportsTagDeletion(REPO));
        assertEquals(1, t.calls.size(), "probed once per registry");
        assertTrue(t.calls.get(0).uri().getPath().startsWith("/v2/acme/shop/manifests/tagline-probe-"));
        RegistryException e = assertThrows(RegistryException.class, () -> c.deleteTag(REPO, ImageTag.parse("v1")));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("cannot delete a tag alone"), e.getMessage());
    }

    @Test
    void tagDeletionProbeReadsOci11Answers() throws Exception {
        ScriptedTransport supported = new ScriptedTransport((c, i) -> HttpAnswer.of(404, Map.of(), "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"));
        assertTrue(client(supported).supportsTagDeletion(REPO));
        ScriptedTransport unknownRepo = new ScriptedTransport((c, i) -> HttpAnswer.of(404, Map.of(), "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}"));
        RegistryClient c = client(unknownRepo);
        assertFalse(c.supportsTagDeletion(REPO));
        assertFalse(c.supportsTagDeletion(REPO));
        assertEquals(2, unknownRepo.calls.size(), "an inconclusive probe is not cached");
    }

    @Test
    void listTagsWalksLinkPagesAndReturnsSortedTags() throws Exception {
        ScriptedTransport t = new ScriptedTransport((c, i) -> switch (i) {
            case 0 -> HttpAnswer.of(200, Map.of("Link", "</v2/acme/shop/tags/list?n=2&last=v2>; rel=\"next\""), "{\"tags\":[\"v2\",\"v1\"]}");
            case 1 -> HttpAnswer.of(200, Map.of("Link", "</v2/acme/shop/tags/list?n=2&last=b>; rel=\"next\""), "{\"tags\":[\"latest\",\"b\"]}");
            default -> HttpAnswer.of(200, Map.of(), "{\"tags\":[\"a\"]}");
        });
        RegistryClient c = RegistryClient.builder().transport(t).pageSize(2).build();
        assertEquals("[a, b, latest, v1, v2]", c.listTags(REPO).toString());
        assertEquals(3, t.calls.size());
    }

    @Test
    void listTagsFailsClosedOnALoopingServer() {
        ScriptedTransport t = new ScriptedTransport((c, i) ->
                HttpAnswer.of(200, Map.of("Link", "</v2/acme/shop/tags/list?n=2&last=b&i=" + i + ">; rel=\"next\""), "{\"tags\":[\"a\",\"b\"]}"));
        RegistryException e = assertThrows(RegistryException.class, () -> RegistryClient.builder().transport(t).pageSize(2).build().listTags(REPO));
        assertEquals(ErrorCode.PAGINATION_BROKEN, e.code());
        assertEquals(2, t.calls.size());
    }

    @Test
    void listTagsOfAnUnknownRepositoryIsEmptyAndNullTagsToo() throws Exception {
        ScriptedTransport unknown = new ScriptedTransport((c, i) -> HttpAnswer.of(404, Map.of(), "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}"));
        assertEquals(List.of(), client(unknown).listTags(REPO));
        ScriptedTransport nullTags = new ScriptedTransport((c, i) -> HttpAnswer.of(200, Map.of(), "{\"name\":\"acme/shop\",\"tags\":null}"));
        assertEquals(List.of(), client(nullTags).listTags(REPO));
        ScriptedTransport notFound = new ScriptedTransport((c, i) -> HttpAnswer.of(404, Map.of(), "404 page not found"));
        assertThrows(RegistryException.class, () -> client(notFound).listTags(REPO));
        ScriptedTransport badTag = new ScriptedTransport((c, i) -> HttpAnswer.of(200, Map.of(), "{\"tags\":[\"-bad\"]}"));
        assertEquals(ErrorCode.INVALID_RESPONSE, assertThrows(RegistryException.class, () -> client(badTag).listTags(REPO)).code());
    }

    @Test
    void referrersUseTheApiThenTheTagSchema() throws Exception {
        Digest subject = Digest.of("subject");
        String referrer = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.of("sig").value()
                + "\",\"size\":10,\"artifactType\":\"application/vnd.dev.cosign.artifact.sig.v1+json\"}";
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[" + referrer + "]}";
        ScriptedTransport api = new ScriptedTransport((c, i) -> HttpAnswer.of(200, Map.of("Content-Type", MediaTypes.OCI_INDEX), index));
        List<Descriptor> viaApi = client(api).referrers(REPO, subject);
        assertEquals(1, viaApi.size());
        assertEquals("application/vnd.dev.cosign.artifact.sig.v1+json", viaApi.get(0).artifactType());
        assertEquals("/v2/acme/shop/referrers/" + subject, api.calls.get(0).uri().getPath());

        ScriptedTransport fallback = new ScriptedTransport((c, i) -> c.uri().getPath().contains("/referrers/")
                ? HttpAnswer.of(404, Map.of(), "404 page not found")
                : HttpAnswer.of(200, Map.of("Content-Type", MediaTypes.OCI_INDEX), index));
        assertEquals(viaApi, client(fallback).referrers(REPO, subject));
        assertEquals("/v2/acme/shop/manifests/sha256-" + subject.hex(), fallback.calls.get(1).uri().getPath());

        ScriptedTransport none = new ScriptedTransport((c, i) -> HttpAnswer.of(404, Map.of(), ""));
        assertEquals(List.of(), client(none).referrers(REPO, subject));
    }

    @Test
    void blobsAreCheckedAndVerified() throws Exception {
        byte[] content = "config".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.of(content);
        ScriptedTransport t = new ScriptedTransport((c, i) -> switch (i) {
            case 0 -> HttpAnswer.of(200, Map.of(), "");
            case 1 -> HttpAnswer.of(404, Map.of(), "");
            case 2 -> new HttpAnswer(200, Map.of(), content, c.uri());
            default -> HttpAnswer.of(200, Map.of(), "tampered");
        });
        RegistryClient c = client(t);
        assertTrue(c.blobExists(REPO, d));
        assertFalse(c.blobExists(REPO, d));
        assertEquals("config", new String(c.getBlob(REPO, d, 100), StandardCharsets.UTF_8));
        assertEquals(ErrorCode.INVALID_RESPONSE, assertThrows(RegistryException.class, () -> c.getBlob(REPO, d, 100)).code());
        assertEquals(100, t.calls.get(2).maxBodyBytes());
    }
}
