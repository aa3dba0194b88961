package dev.tagline.builder.signing;

import dev.tagline.registry.Descriptor;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.security.PublicKey;
import java.util.Optional;

/**
 * {@code tagline verify IMAGE --key PUBLIC.pem}: resolves the image to its digest, then checks its cosign
 * signature and its SLSA provenance with the public key ({@link AttachmentVerifier}), and reads what the
 * provenance says the image came from.
 */
public final class ImageVerifier {
    private final RegistryClient client;
    private final AttachmentVerifier verifier;

    public ImageVerifier(RegistryClient client) {
        this.client = client;
        this.verifier = new AttachmentVerifier(new Attachments(client));
    }

    /** {@code host/name}, {@code host/name:tag} or {@code host/name@sha256:...}; a bare name means {@code :latest}. */
    public record ImageRef(ImageRepository repository, ImageTag tag, Digest digest) {
        public static ImageRef parse(String input) {
            int at = input.indexOf('@');
            if (at >= 0) {
                return new ImageRef(ImageRepository.parse(input.substring(0, at)), null, Digest.parse(input.substring(at + 1)));
            }
            int colon = input.lastIndexOf(':');
            if (colon > input.lastIndexOf('/')) {
                return new ImageRef(ImageRepository.parse(input.substring(0, colon)), ImageTag.parse(input.substring(colon + 1)), null);
            }
            return new ImageRef(ImageRepository.parse(input), ImageTag.parse("latest"), null);
        }

        @Override
        public String toString() {
            return digest != null ? repository.withDigest(digest) : repository.withTag(tag);
        }
    }

    /**
     * What was verified. {@code digest} is null when the image does not exist; {@code provenance} holds the
     * statement only when the attestation verified.
     */
    public record Report(ImageRef image, Digest digest, AttachmentVerifier.SignatureCheck signature,
                         AttachmentVerifier.AttestationCheck provenance, String error) {
        public boolean ok() {
            return error == null && signature != null && signature.valid() && provenance != null && provenance.valid();
        }

        public Optional<Provenance.Statement> statement() {
            return provenance != null && provenance.valid() ? Optional.of(provenance.statement()) : Optional.empty();
        }
    }

    public Report verify(ImageRef image, PublicKey key) throws RegistryException {
        Digest digest;
        if (image.digest() != null) {
            digest = client.resolve(image.repository(), image.digest()).map(Descriptor::digest).orElse(null);
        } else {
            digest = client.resolve(image.repository(), image.tag()).map(Descriptor::digest).orElse(null);
        }
        if (digest == null) {
            return new Report(image, null, null, null, image + " does not exist");
        }
        return new Report(image, digest, verifier.signature(image.repository(), digest, key),
                verifier.provenance(image.repository(), digest, key), null);
    }
}
