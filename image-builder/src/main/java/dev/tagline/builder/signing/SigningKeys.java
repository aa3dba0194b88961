package dev.tagline.builder.signing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Loads the configured signing key once, at start-up, and says in one log line whether signing is on. The key
 * file's path and password are never logged; the public key's fingerprint is.
 */
public final class SigningKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {
    }

    /**
     * Empty (signing off) when {@code keyFile} is null; a key that is configured but unreadable stops the start
     * ({@link KeyFormatException}) rather than publishing unsigned images.
     */
    public static Optional<SigningKey> load(Path keyFile, String password) throws KeyFormatException {
        if (keyFile == null) {
            LOG.info("image signing is OFF: no key configured (set tagline.builder.signing.key-file / TAGLINE_BUILDER_SIGNING_KEY_FILE "
                    + "to sign and attest every pushed image)");
            return Optional.empty();
        }
        SigningKey key = PemKeys.readPrivate(keyFile, password == null ? null : password.toCharArray());
        LOG.info("image signing is ON: every pushed digest gets a cosign signature and a SLSA provenance attestation, "
                + "ECDSA P-256 public key {}", fingerprint(key.publicKey()));
        return Optional.of(key);
    }

    /** {@code sha256:<hex>} of the DER SubjectPublicKeyInfo: identifies the key without revealing anything. */
    public static String fingerprint(PublicKey key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
