package dev.tagline.builder.signing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

/**
 * An ECDSA P-256 private key and its public key: signs with SHA-256, the DER signature cosign stores.
 * {@link #toString()} never shows the key.
 */
public final class SigningKey {
    static final String ALGORITHM = "SHA256withECDSA";
    private static final int P256_BITS = 256;

    private final PrivateKey privateKey;
    private final ECPublicKey publicKey;

    private SigningKey(PrivateKey privateKey, ECPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key must be an EC key on P-256 (cosign's default, and what every sigstore client verifies). */
    public static SigningKey of(PrivateKey key) throws KeyFormatException {
        if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P256_BITS) {
            throw new KeyFormatException("the signing key must be an ECDSA P-256 key (openssl genpkey -algorithm EC "
                    + "-pkeyopt ec_paramgen_curve:P-256), not " + key.getAlgorithm());
        }
        return new SigningKey(key, publicOf(ec));
    }

    /** The DER-encoded ECDSA signature of {@code data} (SHA-256). */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing failed: " + e.getMessage(), e);
        }
    }

    public ECPublicKey publicKey() {
        return publicKey;
    }

    /** The public key as a PEM {@code PUBLIC KEY} block (SubjectPublicKeyInfo), as {@code cosign.pub}. */
    public String publicKeyPem() {
        return PemKeys.publicKeyPem(publicKey);
    }

    @Override
    public String toString() {
        return "SigningKey[ECDSA P-256, public " + Base64.getEncoder().encodeToString(publicKey.getEncoded()).substring(0, 16) + "...]";
    }

    /** Q = d * G, in affine coordinates (the JDK has no public API for it; 256 doublings are cheap). */
    static ECPublicKey publicOf(ECPrivateKey key) throws KeyFormatException {
        ECParameterSpec params = key.getParams();
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint q = ECPoint.POINT_INFINITY;
        ECPoint g = params.getGenerator();
        BigInteger d = key.getS();
        for (int i = d.bitLength() - 1; i >= 0; i--) {
            q = add(q, q, p, a);
            if (d.testBit(i)) {
                q = add(q, g, p, a);
            }
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, params));
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("cannot derive the public key: " + e.getMessage());
        }
    }

    private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
        if (s.equals(ECPoint.POINT_INFINITY)) {
            return t;
        }
        if (t.equals(ECPoint.POINT_INFINITY)) {
            return s;
        }
        BigInteger x1 = s.getAffineX(), y1 = s.getAffineY(), x2 = t.getAffineX(), y2 = t.getAffineY();
        BigInteger lambda;
        if (x1.equals(x2)) {
            if (y1.add(y2).mod(p).signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a).multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
        BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
        return new ECPoint(x3, y3);
    }
}
