package dev.tagline.builder.signing;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** Checks ECDSA-SHA256 DER signatures; false for anything malformed. */
public final class Signatures {
    private Signatures() {
    }

    public static boolean valid(PublicKey key, byte[] data, byte[] derSignature) {
        try {
            Signature s = Signature.getInstance(SigningKey.ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(derSignature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A DSSE envelope with at least one signature by {@code key} over PAE(payloadType, payload). */
    public static boolean valid(PublicKey key, Dsse.Envelope envelope) {
        byte[] payload;
        try {
            payload = envelope.payloadBytes();
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] pae = Dsse.pae(envelope.payloadType(), payload);
        for (Dsse.Sig sig : envelope.signatures()) {
            try {
                if (sig != null && sig.sig() != null && valid(key, pae, java.util.Base64.getDecoder().decode(sig.sig()))) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // not base64: not a signature by this key
            }
        }
        return false;
    }
}
