package dev.tagline.builder.signing;

import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.service.VariantBuilder;
import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.builder.support.TestKeys;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 against the real registry: every digest a plan pushes under a tag gets a cosign signature and a
 * SLSA provenance attestation (tag-addressed and as referrers), verifiable with openssl; a retag or a replay
 * keeps them; a signing failure fails the variant and moves no tag.
 */
class SigningIT extends LocalRegistryBuilds {
    private static final Instant COMMIT_TIME = Instant.parse("2026-05-06T07:08:09Z");

    private String sha;
    private SigningKey key;
    private Path pub;
    private AttachmentVerifier verifier;

    @BeforeAll
    void start() throws Exception {
        sha = repo.commitAt("3.0.0", Map.of("app/run.sh", "#!/bin/sh\necho signed\n"), COMMIT_TIME);
        Path keys = Files.createTempDirectory("signing-it-keys");
        Path[] pair = TestKeys.pair(keys, "tagline");
        key = PemKeys.readPrivate(pair[0], null);
        pub = pair[1];
        verifier = new AttachmentVerifier(new Attachments(client));
    }

    private BuildResult build(Optional<SigningKey> signing, TagPlan plan) throws InterruptedException {
        VariantBuilder builder = new VariantBuilder(config(tmp.resolve("cache")), access(), new PushLocks(), Clock.systemUTC(), signing);
        return buildAndFinish(builder, plan);
    }

    private VariantPlan variant(String image, List<String> tags, List<String> platforms, Map<String, String> annotations) {
        return new VariantPlan("base", List.of(image(image)), tags.stream().map(ImageTag::parse).toList(),
                Map.of("org.opencontainers.image.revision", sha), annotations, platforms.stream().map(Platform::parse).toList(),
                appRecipe(), null);
    }

    @Test
    void aPushedImageIsSignedAndAttestedAsCosignDoes() throws Exception {
        TagPlan plan = plan("e-sign", repo.uri(), sha, COMMIT_TIME, false,
                variant("acme/signed", List.of("3.0.0", "latest"), List.of("linux/amd64"), Map.of()));
        BuildResult r = build(Optional.of(key), plan);
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        ImageRepository image = image("acme/signed");
        Digest digest = r.digest();

        AttachmentVerifier.SignatureCheck sig = verifier.signature(image, digest, key.publicKey());
        assertTrue(sig.valid(), sig.detail());
        AttachmentVerifier.AttestationCheck att = verifier.provenance(image, digest, key.publicKey());
        assertTrue(att.valid(), att.detail());
        assertEquals(plan.commit().value(), att.statement().predicate().buildDefinition().externalParameters().commit());
        assertEquals(plan.planId(), att.statement().predicate().runDetails().metadata().invocationId());

        Manifest sigManifest = client.getManifest(image, CosignManifests.signatureTag(digest));
        assertEquals("application/vnd.oci.image.manifest.v1+json", sigManifest.mediaType());
        assertEquals(digest, sigManifest.subject().digest(), "the signature is a referrer of the image");
        assertEquals(SimpleSigning.MEDIA_TYPE, sigManifest.layers().get(0).mediaType());
        Manifest attManifest = client.getManifest(image, CosignManifests.attestationTag(digest));
        assertEquals(Dsse.MEDIA_TYPE, attManifest.layers().get(0).mediaType());
        assertEquals(Provenance.PREDICATE_TYPE, attManifest.layers().get(0).annotations().get("predicateType"));
        List<Digest> referrers = client.referrers(image, digest).stream().map(Descriptor::digest).toList();
        assertTrue(referrers.containsAll(List.of(sigManifest.digest(), attManifest.digest())), referrers.toString());

        // openssl, an independent implementation, verifies the stored payload with the stored signature
        Files.write(tmp.resolve("payload"), sig.payload());
        Files.write(tmp.resolve("sig.der"), sig.signature());
        assertEquals(0, TestKeys.openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", tmp.resolve("sig.der").toString(),
                tmp.resolve("payload").toString()));
    }

    @Test
    void aMultiPlatformIndexIsSignedAsTheIndex() throws Exception {
        TagPlan plan = plan("e-multi", repo.uri(), sha, COMMIT_TIME, false, variant("acme/signed-multi", List.of("3.0.0"),
                List.of("linux/amd64", "linux/arm64"), Map.of("org.opencontainers.image.description", "multi")));
        BuildResult r = build(Optional.of(key), plan);
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        Manifest index = client.getManifest(image("acme/signed-multi"), r.digest());
        assertTrue(index.isIndex(), "the plan pushed an index under its tag");
        assertTrue(verifier.signature(image("acme/signed-multi"), r.digest(), key.publicKey()).valid());
        assertTrue(verifier.provenance(image("acme/signed-multi"), r.digest(), key.publicKey()).valid());
    }

    @Test
    void aPromotionAndAReplayKeepTheAttachments() throws Exception {
        String shaTag = "sha-" + sha.substring(0, 7);
        ImageRepository image = image("acme/signed-keep");
        BuildResult push = build(Optional.of(key), plan("e-push", repo.uri(), sha, COMMIT_TIME, false,
                variant("acme/signed-keep", List.of(shaTag), List.of("linux/amd64"), Map.of())));
        assertEquals(BuildStatus.SUCCEEDED, push.status(), push.error());
        Digest sig = client.resolve(image, CosignManifests.signatureTag(push.digest())).orElseThrow().digest();
        Digest att = client.resolve(image, CosignManifests.attestationTag(push.digest())).orElseThrow().digest();

        BuildResult release = build(Optional.of(key), plan("e-release", repo.uri(), sha, COMMIT_TIME, false,
                variant("acme/signed-keep", List.of("3.0.0", "latest", shaTag), List.of("linux/amd64"), Map.of())));
        assertTrue(release.promoted(), "a retag of the pushed digest");
        BuildResult replay = build(Optional.of(key), plan("e-replay", repo.uri(), sha, COMMIT_TIME, true,
                variant("acme/signed-keep", List.of("3.0.0", "latest", shaTag), List.of("linux/amd64"), Map.of())));
        assertEquals(BuildStatus.SUCCEEDED, replay.status(), replay.error());
        assertEquals(push.digest(), replay.digest(), "a replay of the same commit gives the same digest");
        assertEquals(sig, client.resolve(image, CosignManifests.signatureTag(push.digest())).orElseThrow().digest(),
                "the signature is reused: nothing new pushed");
        assertEquals(att, client.resolve(image, CosignManifests.attestationTag(push.digest())).orElseThrow().digest(),
                "the provenance is kept");
        // the signature, the provenance and the SBOM (image-builder attaches one by default): each once
        assertEquals(3, client.referrers(image, push.digest()).size(), "no duplicate referrers");
    }

    @Test
    void anImageSignedByAnotherKeyGetsThisKeysSignatureToo() throws Exception {
        Path other = Files.createTempDirectory("signing-it-other");
        SigningKey otherKey = PemKeys.readPrivate(TestKeys.pair(other, "other")[0], null);
        ImageRepository image = image("acme/signed-twice");
        BuildResult first = build(Optional.of(otherKey), plan("e-other", repo.uri(), sha, COMMIT_TIME, false,
                variant("acme/signed-twice", List.of("3.0.0"), List.of("linux/amd64"), Map.of())));
        assertFalse(verifier.signature(image, first.digest(), key.publicKey()).valid(), "another key's signature does not verify");
        build(Optional.of(key), plan("e-ours", repo.uri(), sha, COMMIT_TIME, false,
                variant("acme/signed-twice", List.of("3.0.0"), List.of("linux/amd64"), Map.of())));
        assertTrue(verifier.signature(image, first.digest(), key.publicKey()).valid());
        assertTrue(verifier.signature(image, first.digest(), otherKey.publicKey()).valid(), "the other signer's layer is kept");
        assertEquals(2, client.getManifest(image, CosignManifests.signatureTag(first.digest())).layers().size());
    }

    @Test
    void aSigningFailureFailsTheVariantAndMovesNoTag() throws Exception {
        SigningKey broken = SigningKey.of(new UnusableKey((ECPrivateKey) keyOf()));
        BuildResult r = build(Optional.of(broken), plan("e-broken", repo.uri(), sha, COMMIT_TIME, false,
                variant("acme/signed-broken", List.of("3.0.0", "latest"), List.of("linux/amd64"), Map.of())));
        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().contains("signing"), r.error());
        ImageRepository image = image("acme/signed-broken");
        assertTrue(client.resolve(image, ImageTag.parse("latest")).isEmpty(), "no floating tag moved");
        assertTrue(client.resolve(image, ImageTag.parse("3.0.0")).isEmpty(), "no tag points at the unsigned digest");
    }

    @Test
    void withoutAKeyNothingIsAttached() throws Exception {
        BuildResult r = build(Optional.empty(), plan("e-off", repo.uri(), sha, COMMIT_TIME, false,
                variant("acme/unsigned", List.of("3.0.0"), List.of("linux/amd64"), Map.of())));
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        assertTrue(client.resolve(image("acme/unsigned"), CosignManifests.signatureTag(r.digest())).isEmpty());
        assertFalse(verifier.signature(image("acme/unsigned"), r.digest(), key.publicKey()).valid());
    }

    private java.security.PrivateKey keyOf() throws Exception {
        return java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                java.util.Base64.getMimeDecoder().decode(Files.readString(pub.resolveSibling("tagline.key"))
                        .replaceAll("-----[A-Z ]+-----", ""))));
    }

    /** A P-256 key that becomes unusable once loaded (as an HSM that went away): signing fails after the image is pushed. */
    private static final class UnusableKey implements ECPrivateKey {
        private final ECPrivateKey real;
        private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        UnusableKey(ECPrivateKey real) {
            this.real = real;
        }

        @Override
        public BigInteger getS() {
            if (reads.incrementAndGet() > 1) {
                throw new IllegalStateException("the key is no longer available");
            }
            return real.getS();
        }

        @Override
        public ECParameterSpec getParams() {
            return real.getParams();
        }

        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }
}
