package dev.tagline.builder.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tagline.builder.support.Plans;
import dev.tagline.builder.support.TestKeys;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes tagline signs, pinned, and the provenance validated against the SLSA v1 schema. */
class FormatsTest {
    private static final Digest DIGEST = Digest.of("image");
    private static final ImageRepository REPO = ImageRepository.parse("127.0.0.1:5000/acme/shop");

    @TempDir
    Path dir;

    @Test
    void simpleSigningPayloadIsCosignsFormat() throws Exception {
        String json = new String(SimpleSigning.of(REPO, DIGEST).toBytes(), StandardCharsets.UTF_8);
        assertEquals("{\"critical\":{\"identity\":{\"docker-reference\":\"127.0.0.1:5000/acme/shop\"},\"image\":{\"docker-manifest-digest\":\""
                + DIGEST.value() + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}", json);
        SimpleSigning back = SimpleSigning.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(DIGEST.value(), back.manifestDigest());
        assertEquals(REPO.value(), back.dockerReference());
    }

    @Test
    void paeIsTheDsseSpecsEncoding() {
        // the example of secure-systems-lab/dsse protocol.md
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world",
                new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    @Test
    void aDsseEnvelopeVerifiesOverPaeAndNotOverThePayload() throws Exception {
        SigningKey key = PemKeys.readPrivate(TestKeys.pair(dir, "k")[0], null);
        byte[] body = "{\"_type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        Dsse.Envelope e = Dsse.sign(key, Dsse.IN_TOTO_PAYLOAD_TYPE, body);
        assertTrue(Signatures.valid(key.publicKey(), e));
        assertFalse(Signatures.valid(key.publicKey(), body, Base64.getDecoder().decode(e.signatures().get(0).sig())));
        Dsse.Envelope parsed = Dsse.Envelope.parse(e.toBytes());
        assertArrayEquals(body, parsed.payloadBytes());
        Dsse.Envelope otherType = new Dsse.Envelope("application/json", e.payload(), e.signatures());
        assertFalse(Signatures.valid(key.publicKey(), otherType), "the payload type is signed too");
        JsonNode node = Jackson.mapper().readTree(e.toBytes());
        assertEquals(Set.of("payloadType", "payload", "signatures"), fields(node));
    }

    @Test
    void provenanceIsAValidSlsaV1Statement() throws Exception {
        TagPlan plan = Plans.plan("event-1", "https://git.example.com/acme/shop.git", "a".repeat(40), Instant.parse("2026-01-02T03:04:05Z"),
                false, Plans.variant("base", REPO.value(), List.of("1.0.0", "latest"), List.of("linux/amd64"),
                        Plans.recipe("127.0.0.1:5000/base/jre:17", List.of(Plans.layer("app", "dist", "/app")), null, null),
                        Map.of(), Map.of()));
        ProvenanceFactory factory = new ProvenanceFactory("tagline-image-builder", "1");
        Digest base = Digest.of("base");
        Provenance.Statement s = factory.statement(REPO, DIGEST, new ProvenanceFactory.Build(plan, plan.variants().get(0),
                "127.0.0.1:5000/base/jre:17", base, "key-1", Instant.parse("2026-01-02T03:05:00Z"), Instant.parse("2026-01-02T03:05:02.5Z")));
        JsonNode json = Jackson.mapper().readTree(s.toBytes());
        Set<ValidationMessage> errors = schema().validate(json);
        assertTrue(errors.isEmpty(), errors.toString());

        assertEquals(REPO.value(), json.at("/subject/0/name").asText());
        assertEquals(DIGEST.hex(), json.at("/subject/0/digest/sha256").asText());
        assertEquals("https://tagline.dev/buildtypes/image-builder/v1", json.at("/predicate/buildDefinition/buildType").asText());
        JsonNode ext = json.at("/predicate/buildDefinition/externalParameters");
        assertEquals("example.com/acme/app", ext.get("repository").asText());
        assertEquals("refs/tags/v1.0.0", ext.get("ref").asText());
        assertEquals("a".repeat(40), ext.get("commit").asText());
        assertEquals("policy-1", ext.get("policyDigest").asText());
        assertEquals("dist", json.at("/predicate/buildDefinition/internalParameters/recipe/layers/0/source").asText());
        assertEquals(base.value(), json.at("/predicate/buildDefinition/internalParameters/baseImageDigest").asText());
        assertEquals(base.hex(), json.at("/predicate/buildDefinition/resolvedDependencies/1/digest/sha256").asText());
        assertEquals("a".repeat(40), json.at("/predicate/buildDefinition/resolvedDependencies/0/digest/gitCommit").asText());
        assertEquals(plan.planId(), json.at("/predicate/runDetails/metadata/invocationId").asText());
        assertEquals("2026-01-02T03:05:02.500Z", json.at("/predicate/runDetails/metadata/finishedOn").asText());
        assertEquals("1", json.at("/predicate/runDetails/builder/version/tagline-image-builder").asText());

        // the schema is not a rubber stamp
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.at("/predicate/buildDefinition")).remove("buildType");
        assertFalse(schema().validate(json).isEmpty());
    }

    @Test
    void scratchHasNoBaseImageDependency() throws Exception {
        TagPlan plan = Plans.plan("event-1", "https://git.example.com/acme/shop.git", "b".repeat(40), Instant.parse("2026-01-02T03:04:05Z"),
                false, Plans.variant("base", REPO.value(), List.of("1.0.0"), List.of("linux/amd64"),
                        Plans.recipe(null, List.of(Plans.layer("app", "dist", "/app")), null, null), Map.of(), Map.of()));
        Provenance.Statement s = new ProvenanceFactory("t", "1").statement(REPO, DIGEST, new ProvenanceFactory.Build(plan,
                plan.variants().get(0), null, null, "k", Instant.EPOCH, Instant.EPOCH));
        JsonNode json = Jackson.mapper().readTree(s.toBytes());
        assertTrue(schema().validate(json).isEmpty(), schema().validate(json).toString());
        assertEquals(1, json.at("/predicate/buildDefinition/resolvedDependencies").size());
    }

    @Test
    void cosignTagsAreDerivedFromTheDigest() {
        assertEquals("sha256-" + DIGEST.hex() + ".sig", CosignManifests.signatureTag(DIGEST).value());
        assertEquals("sha256-" + DIGEST.hex() + ".att", CosignManifests.attestationTag(DIGEST).value());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> out = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonSchema schema() throws Exception {
        try (InputStream in = FormatsTest.class.getResourceAsStream("/schemas/slsa-provenance-v1.statement.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }
}
