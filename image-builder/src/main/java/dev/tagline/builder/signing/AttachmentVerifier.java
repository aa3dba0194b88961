package dev.tagline.builder.signing;

import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks what cosign's verifier checks, with one public key: a {@code .sig} layer whose signature verifies over
 * its payload, and whose payload names this digest (and this repository); a {@code .att} DSSE envelope whose
 * signature verifies over PAE, holding an in-toto statement with a SLSA provenance predicate about this digest.
 */
public final class AttachmentVerifier {
    private final Attachments attachments;

    public AttachmentVerifier(Attachments attachments) {
        this.attachments = attachments;
    }

    /** A verified signature (its payload and DER signature), or why there is none. */
    public record SignatureCheck(boolean valid, String detail, byte[] payload, byte[] signature) {
        static SignatureCheck failed(String detail) {
            return new SignatureCheck(false, detail, null, null);
        }
    }

    /** A verified provenance attestation (the envelope and its statement), or why there is none. */
    public record AttestationCheck(boolean valid, String detail, Dsse.Envelope envelope, Provenance.Statement statement) {
        static AttestationCheck failed(String detail) {
            return new AttestationCheck(false, detail, null, null);
        }
    }

    public SignatureCheck signature(ImageRepository repo, Digest digest, PublicKey key) throws RegistryException {
        return signature(repo, digest, key, attachments.find(repo, CosignManifests.signatureTag(digest)));
    }

    /** {@code stored}: the manifest under {@code sha256-<hex>.sig}, if any. */
    public SignatureCheck signature(ImageRepository repo, Digest digest, PublicKey key, Optional<Manifest> stored) throws RegistryException {
        if (stored.isEmpty()) {
            return SignatureCheck.failed("no signature: " + repo + ":" + CosignManifests.signatureTag(digest).value() + " does not exist");
        }
        String why = "no layer of " + CosignManifests.signatureTag(digest).value() + " is a simple-signing payload";
        for (Attachments.Blob layer : attachments.layers(repo, stored.get(), SimpleSigning.MEDIA_TYPE)) {
            String b64 = layer.descriptor().annotations().get(CosignManifests.SIGNATURE_ANNOTATION);
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(b64 == null ? "" : b64);
            } catch (IllegalArgumentException e) {
                why = "a signature annotation is not base64";
                continue;
            }
            if (!Signatures.valid(key, layer.content(), sig)) {
                why = "the signature does not verify with this public key (signed with another key, or the payload was changed)";
                continue;
            }
            SimpleSigning payload;
            try {
                payload = SimpleSigning.parse(layer.content());
            } catch (IOException e) {
                why = "the signed payload is not a simple-signing payload: " + e.getMessage();
                continue;
            }
            if (!digest.value().equals(payload.manifestDigest())) {
                why = "the signed payload names another digest: " + payload.manifestDigest();
                continue;
            }
            if (!repo.value().equals(payload.dockerReference())) {
                why = "the signed payload names another repository: " + payload.dockerReference();
                continue;
            }
            if (!SimpleSigning.TYPE.equals(payload.critical().type())) {
                why = "the signed payload's critical.type is not '" + SimpleSigning.TYPE + "'";
                continue;
            }
            return new SignatureCheck(true, "signature verified", layer.content(), sig);
        }
        return SignatureCheck.failed(why);
    }

    public AttestationCheck provenance(ImageRepository repo, Digest digest, PublicKey key) throws RegistryException {
        return provenance(repo, digest, key, attachments.find(repo, CosignManifests.attestationTag(digest)));
    }

    public AttestationCheck provenance(ImageRepository repo, Digest digest, PublicKey key, Optional<Manifest> stored)
            throws RegistryException {
        if (stored.isEmpty()) {
            return AttestationCheck.failed("no attestation: " + repo + ":" + CosignManifests.attestationTag(digest).value() + " does not exist");
        }
        String why = "no layer of " + CosignManifests.attestationTag(digest).value() + " is a SLSA provenance envelope";
        for (Attachments.Blob layer : attachments.layers(repo, stored.get(), Dsse.MEDIA_TYPE)) {
            if (!Provenance.PREDICATE_TYPE.equals(layer.descriptor().annotations().get(CosignManifests.PREDICATE_TYPE_ANNOTATION))) {
                continue;
            }
            Dsse.Envelope envelope;
            Provenance.Statement statement;
            try {
                envelope = Dsse.Envelope.parse(layer.content());
                if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
                    why = "the envelope's payloadType is " + envelope.payloadType();
                    continue;
                }
                if (!Signatures.valid(key, envelope)) {
                    why = "the DSSE signature does not verify with this public key";
                    continue;
                }
                statement = Provenance.Statement.parse(envelope.payloadBytes());
            } catch (IOException | IllegalArgumentException e) {
                why = "unreadable envelope or statement: " + e.getMessage();
                continue;
            }
            if (!Provenance.STATEMENT_TYPE.equals(statement.type()) || !Provenance.PREDICATE_TYPE.equals(statement.predicateType())) {
                why = "the statement is not an in-toto v1 statement with a SLSA v1 provenance predicate";
                continue;
            }
            boolean names = statement.subject().stream().anyMatch(s -> s.digest() != null && digest.hex().equals(s.digest().get("sha256"))
                    && repo.value().equals(s.name()));
            if (!names) {
                why = "the statement's subject is not " + repo + "@" + digest.value();
                continue;
            }
            return new AttestationCheck(true, "provenance verified", envelope, statement);
        }
        return AttestationCheck.failed(why);
    }
}
