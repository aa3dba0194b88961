package dev.tagline.builder.signing;

import dev.tagline.registry.Descriptor;
import dev.tagline.registry.ErrorCode;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signs one digest in one repository and attaches its provenance, as cosign does ({@code sign} and
 * {@code attest} with a key). Idempotent: a signature (an attestation) that already verifies with this key
 * for this digest is kept and nothing is written, so a retag, a promotion or a replay of the same commit
 * (same digest) leaves the attachments as they are; otherwise the new layer is added next to whatever
 * other signers left (cosign appends too).
 */
public final class ImageSigner {
    /** Plans in flight at once may sign one digest (a push and a release of one commit): one at a time per repository and digest. */
    private static final int STRIPES = 64;

    private final Object[] stripes = new Object[STRIPES];
    private final RegistryClient client;
    private final SigningKey key;
    private final Attachments attachments;
    private final AttachmentVerifier verifier;

    public ImageSigner(RegistryClient client, SigningKey key) {
        this.client = client;
        this.key = key;
        this.attachments = new Attachments(client);
        this.verifier = new AttachmentVerifier(attachments);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** What is stored for the digest afterwards, and whether it was already there. */
    public record Signed(Digest signature, boolean signatureReused, Digest attestation, boolean attestationReused) {
    }

    /** {@code statement} is made only when no valid attestation exists. */
    public Signed sign(ImageRepository repo, Digest digest, Supplier<Provenance.Statement> statement) throws RegistryException {
        synchronized (stripes[Math.floorMod((repo.value() + "@" + digest.value()).hashCode(), STRIPES)]) {
            return signOnce(repo, digest, statement);
        }
    }

    private Signed signOnce(ImageRepository repo, Digest digest, Supplier<Provenance.Statement> statement) throws RegistryException {
        Descriptor subject = client.resolve(repo, digest).orElseThrow(() -> new RegistryException(ErrorCode.MANIFEST_UNKNOWN, 404,
                "signing " + repo + "@" + digest.value(), "the image to sign is not in the repository"));

        ImageTag sigTag = CosignManifests.signatureTag(digest);
        Optional<Manifest> sig = attachments.find(repo, sigTag);
        Attached signed = keptOrWritten(sig, verifier.signature(repo, digest, key.publicKey(), sig).valid(), () -> {
            byte[] payload = SimpleSigning.of(repo, digest).toBytes();
            String signature = Base64.getEncoder().encodeToString(key.sign(payload));
            return attachments.write(repo, sigTag, CosignManifests.SIG_ARTIFACT_TYPE, subject, kept(sig), SimpleSigning.MEDIA_TYPE,
                    payload, Map.of(CosignManifests.SIGNATURE_ANNOTATION, signature), sig);
        });

        ImageTag attTag = CosignManifests.attestationTag(digest);
        Optional<Manifest> att = attachments.find(repo, attTag);
        Attached attested = keptOrWritten(att, verifier.provenance(repo, digest, key.publicKey(), att).valid(), () -> {
            Dsse.Envelope envelope = Dsse.sign(key, Dsse.IN_TOTO_PAYLOAD_TYPE, statement.get().toBytes());
            // cosign writes an empty signature annotation on attestation layers: the signature is inside the envelope
            return attachments.write(repo, attTag, CosignManifests.ATT_ARTIFACT_TYPE, subject, kept(att), Dsse.MEDIA_TYPE,
                    envelope.toBytes(), new java.util.TreeMap<>(Map.of(CosignManifests.SIGNATURE_ANNOTATION, "",
                            CosignManifests.PREDICATE_TYPE_ANNOTATION, Provenance.PREDICATE_TYPE)), att);
        });
        return new Signed(signed.digest(), signed.kept(), attested.digest(), attested.kept());
    }

    /** An attachment's digest, and whether it is the one that was already there. */
    private record Attached(Digest digest, boolean kept) {
    }

    /** Stores a new attachment, returning its manifest's digest. */
    private interface Write {
        Digest write() throws RegistryException;
    }

    /** The attachment already there when it verifies (nothing written), else the one {@code write} stores. */
    private static Attached keptOrWritten(Optional<Manifest> existing, boolean verifies, Write write) throws RegistryException {
        return verifies ? new Attached(existing.orElseThrow().digest(), true) : new Attached(write.write(), false);
    }

    private static List<Descriptor> kept(Optional<Manifest> existing) {
        return existing.map(Manifest::layers).orElse(List.of());
    }
}
