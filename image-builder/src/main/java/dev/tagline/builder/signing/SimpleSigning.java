package dev.tagline.builder.signing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

import java.io.IOException;
import java.util.Map;

/**
 * The "simple signing" payload cosign signs (containers/image {@code containers-signature.5.md}, cosign
 * {@code specs/SIGNATURE_SPEC.md}): {@code critical.identity.docker-reference} = the repository,
 * {@code critical.image.docker-manifest-digest} = the signed digest, {@code critical.type} =
 * {@value #TYPE}; {@code optional} is null (cosign writes {@code "optional":null} too).
 */
public record SimpleSigning(Critical critical, Map<String, Object> optional) {
    public static final String TYPE = "cosign container image signature";
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

    public record Critical(Identity identity, Image image, String type) {
    }

    public record Identity(@JsonProperty("docker-reference") String dockerReference) {
    }

    public record Image(@JsonProperty("docker-manifest-digest") String dockerManifestDigest) {
    }

    public static SimpleSigning of(ImageRepository repository, Digest digest) {
        return new SimpleSigning(new Critical(new Identity(repository.value()), new Image(digest.value()), TYPE), null);
    }

    /** The bytes to sign and store as the layer blob. */
    public byte[] toBytes() {
        return SigningJson.write(this);
    }

    /** Parses a stored payload; unknown fields ignored, as every cosign client does. */
    public static SimpleSigning parse(byte[] bytes) throws IOException {
        return SigningJson.read(bytes, SimpleSigning.class,
                s -> s.critical() != null && s.critical().identity() != null && s.critical().image() != null,
                "not a simple-signing payload: 'critical.identity' or 'critical.image' missing");
    }

    public String dockerReference() {
        return critical.identity().dockerReference();
    }

    public String manifestDigest() {
        return critical.image().dockerManifestDigest();
    }
}
