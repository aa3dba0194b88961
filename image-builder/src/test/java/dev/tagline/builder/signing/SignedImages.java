package dev.tagline.builder.signing;

import dev.tagline.builder.cli.Cli;
import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.service.VariantBuilder;
import dev.tagline.builder.support.TestKeys;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;

/**
 * The images every verifier is run against (tagline's {@code verify} and the sigstore JS verifier), made once
 * per JVM in the shared registry: a release plan built and signed by {@code tagline build --signing-key},
 * and the images that must be rejected.
 */
public final class SignedImages {
    public static final List<String> RELEASE_TAGS = List.of("1.0.0", "1.0", "1", "latest");
    private static SignedImages made;

    public final String host;
    public final Path publicKey;
    public final Path otherPublicKey;
    /** {@code host/name} of the signed release; its tags are {@link #RELEASE_TAGS}. */
    public final String release;
    public final TagPlan releasePlan;
    public final Digest releaseDigest;
    /** Image references that must not verify with {@link #publicKey}, by why. */
    public final Map<String, String> rejected;

    private SignedImages(String host, Path publicKey, Path otherPublicKey, String release, TagPlan releasePlan, Digest releaseDigest,
                         Map<String, String> rejected) {
        this.host = host;
        this.publicKey = publicKey;
        this.otherPublicKey = otherPublicKey;
        this.release = release;
        this.releasePlan = releasePlan;
        this.releaseDigest = releaseDigest;
        this.rejected = rejected;
    }

    public static synchronized SignedImages get() throws Exception {
        if (made == null) {
            made = make();
        }
        return made;
    }

    private static SignedImages make() throws Exception {
        String host = LocalRegistry.shared().hostPort();
        Path dir = Files.createTempDirectory("signed-images");
        Path[] ours = TestKeys.pair(dir, "tagline");
        Path[] other = TestKeys.pair(dir, "other");
        String run = Long.toString(System.nanoTime(), 36);
        Instant time = Instant.parse("2026-08-01T00:00:00Z");
        try (TestRepo repo = GitRepos.create(dir.resolve("repo"));
             RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(host)).build()) {
            String sha = repo.commitAt("1.0.0", Map.of("app/run.sh", "#!/bin/sh\necho release\n"), time);
            String sha2 = repo.commitAt("1.0.1", Map.of("app/run.sh", "#!/bin/sh\necho unsigned\n"), time.plusSeconds(60));

            // the release, through the command line as a user runs it
            String release = host + "/verify/release-" + run;
            TagPlan plan = planOf("e-release-" + run, repo.uri(), sha, time, release, RELEASE_TAGS);
            Path planFile = dir.resolve("plan.json");
            Files.write(planFile, EventCodec.encode(plan));
            CliRun built = CliRun.of(Cli::run, "build", planFile.toString(), "--cache-dir", dir.resolve("cache").toString(),
                    "--insecure-registry", host, "--signing-key", ours[0].toString(), "--output", "json");
            if (built.exit() != 0) {
                throw new IllegalStateException("the signed release build failed: " + built.err() + built.out());
            }
            Digest digest = EventCodec.decode(built.out().trim(), BuildResult.class).digest();

            SigningKey key = PemKeys.readPrivate(ours[0], null);
            SigningKey otherKey = PemKeys.readPrivate(other[0], null);
            VariantBuilder unsigned = builder(client, host, dir, Optional.empty());
            Map<String, String> rejected = new java.util.LinkedHashMap<>();

            String none = host + "/verify/unsigned-" + run;
            build(unsigned, planOf("e-unsigned-" + run, repo.uri(), sha, time, none, List.of("1.0.0")));
            rejected.put(none + ":1.0.0", "unsigned");

            String byOther = host + "/verify/other-key-" + run;
            build(builder(client, host, dir, Optional.of(otherKey)), planOf("e-other-" + run, repo.uri(), sha, time, byOther, List.of("1.0.0")));
            rejected.put(byOther + ":1.0.0", "signed with another key");

            // signed and attested by our key, then its .sig replaced by a valid signature of a payload naming another digest
            String wrongDigest = host + "/verify/wrong-digest-" + run;
            Digest d = build(builder(client, host, dir, Optional.of(key)), planOf("e-wrong-" + run, repo.uri(), sha, time, wrongDigest,
                    List.of("1.0.0")));
            ImageRepository wr = ImageRepository.parse(wrongDigest);
            byte[] otherPayload = SimpleSigning.of(wr, Digest.of("another image")).toBytes();
            replaceSignature(client, wr, d, otherPayload, key.sign(otherPayload));
            rejected.put(wrongDigest + ":1.0.0", "payload naming another digest");

            // signed, then its tag re-pointed to an unsigned image
            String repointed = host + "/verify/repointed-" + run;
            build(builder(client, host, dir, Optional.of(key)), planOf("e-repoint-" + run, repo.uri(), sha, time, repointed, List.of("1.0.0")));
            build(unsigned, planOf("e-repoint2-" + run, repo.uri(), sha2, time.plusSeconds(60), repointed, List.of("1.0.0")));
            rejected.put(repointed + ":1.0.0", "tag re-pointed to an unsigned digest");

            // signed, then the stored payload's bytes changed under the same signature
            String tampered = host + "/verify/tampered-" + run;
            Digest t = build(builder(client, host, dir, Optional.of(key)), planOf("e-tamper-" + run, repo.uri(), sha, time, tampered,
                    List.of("1.0.0")));
            ImageRepository tr = ImageRepository.parse(tampered);
            Manifest sig = client.getManifest(tr, CosignManifests.signatureTag(t));
            byte[] payload = client.getBlob(tr, sig.layers().get(0).digest(), 1 << 20);
            byte[] changed = new String(payload, StandardCharsets.UTF_8).replace("\"optional\":null", "\"optional\":{\"x\":\"y\"}")
                    .getBytes(StandardCharsets.UTF_8);
            replaceSignature(client, tr, t, changed, java.util.Base64.getDecoder().decode(
                    sig.layers().get(0).annotations().get(CosignManifests.SIGNATURE_ANNOTATION)));
            rejected.put(tampered + ":1.0.0", "tampered payload");

            // signed, then the provenance statement changed (another commit) under the same DSSE signature
            String forged = host + "/verify/tampered-provenance-" + run;
            Digest f = build(builder(client, host, dir, Optional.of(key)), planOf("e-forge-" + run, repo.uri(), sha, time, forged,
                    List.of("1.0.0")));
            ImageRepository fr = ImageRepository.parse(forged);
            ImageTag attTag = CosignManifests.attestationTag(f);
            Manifest att = client.getManifest(fr, attTag);
            Dsse.Envelope envelope = Dsse.Envelope.parse(client.getBlob(fr, att.layers().get(0).digest(), 1 << 20));
            String statement = new String(envelope.payloadBytes(), StandardCharsets.UTF_8).replace(sha, sha2);
            Dsse.Envelope changedEnvelope = new Dsse.Envelope(envelope.payloadType(),
                    java.util.Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)), envelope.signatures());
            new Attachments(client).write(fr, attTag, CosignManifests.ATT_ARTIFACT_TYPE, client.resolve(fr, f).orElseThrow(), List.of(),
                    Dsse.MEDIA_TYPE, changedEnvelope.toBytes(), att.layers().get(0).annotations(), Optional.of(att));
            rejected.put(forged + ":1.0.0", "tampered provenance");

            return new SignedImages(host, ours[1], other[1], release, plan, digest, rejected);
        }
    }

    private static void replaceSignature(RegistryClient client, ImageRepository repo, Digest digest, byte[] payload, byte[] signature)
            throws Exception {
        Descriptor subject = client.resolve(repo, digest).orElseThrow();
        ImageTag tag = CosignManifests.signatureTag(digest);
        new Attachments(client).write(repo, tag, CosignManifests.SIG_ARTIFACT_TYPE, subject, List.of(), SimpleSigning.MEDIA_TYPE, payload,
                Map.of(CosignManifests.SIGNATURE_ANNOTATION, java.util.Base64.getEncoder().encodeToString(signature)),
                client.findManifest(repo, tag));
    }

    private static TagPlan planOf(String event, String uri, String sha, Instant time, String image, List<String> tags) {
        return plan(event, uri, sha, time, false, variant("base", image, tags, List.of("linux/amd64"),
                appRecipe(), Map.of("org.opencontainers.image.revision", sha), Map.of()));
    }

    private static VariantBuilder builder(RegistryClient client, String host, Path dir, Optional<SigningKey> key) {
        return new VariantBuilder(BuilderConfig.of(dir.resolve("cache"), Set.of(host)),
                new RegistryAccess(client, CredentialStore.anonymous(), Set.of(host)), new PushLocks(), Clock.systemUTC(), key);
    }

    private static Digest build(VariantBuilder b, TagPlan plan) throws Exception {
        BuildResult r = b.finish(plan, List.of(b.build(plan, plan.variants().get(0)))).get(0);
        if (r.status() != BuildStatus.SUCCEEDED) {
            throw new IllegalStateException(plan.variants().get(0).images() + ": " + r.error());
        }
        return r.digest();
    }
}
