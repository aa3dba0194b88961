package dev.tagline.builder.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A DSSE envelope (github.com/secure-systems-lab/dsse, {@code envelope.md} and {@code protocol.md}): the
 * signature is over the pre-authentication encoding {@link #pae}, never over the payload alone.
 */
public final class Dsse {
    public static final String MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {
    }

    /** {@code payload} and {@code sig} are standard base64, as the spec and cosign write them. */
    public record Envelope(String payloadType, String payload, List<Sig> signatures) {
        public byte[] payloadBytes() {
            return Base64.getDecoder().decode(payload);
        }

        public byte[] toBytes() {
            return SigningJson.write(this);
        }

        public static Envelope parse(byte[] bytes) throws IOException {
            return SigningJson.read(bytes, Envelope.class, e -> e.payloadType() != null && e.payload() != null && e.signatures() != null,
                    "not a DSSE envelope: payloadType, payload or signatures missing");
        }
    }

    /** {@code keyid} is empty: the verifier is told the key out of band (cosign writes "" too). */
    public record Sig(String keyid, String sig) {
    }

    /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as ASCII decimals of byte counts. */
    public static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + body.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    public static Envelope sign(SigningKey key, String payloadType, byte[] payload) {
        byte[] sig = key.sign(pae(payloadType, payload));
        Base64.Encoder b64 = Base64.getEncoder();
        return new Envelope(payloadType, b64.encodeToString(payload), List.of(new Sig("", b64.encodeToString(sig))));
    }
}
