package dev.tagline.builder.signing;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM key files, read with the JDK alone:
 * <ul>
 *   <li>{@code PRIVATE KEY}: unencrypted PKCS#8 ({@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256});</li>
 *   <li>{@code ENCRYPTED PRIVATE KEY}: PKCS#8 encrypted with PBES2 ({@code openssl pkcs8 -topk8 -v2 aes-256-cbc}),
 *       needs the password;</li>
 *   <li>{@code EC PRIVATE KEY}: SEC1 ({@code openssl ecparam -genkey}), unencrypted only;</li>
 *   <li>{@code PUBLIC KEY}: SubjectPublicKeyInfo (cosign's {@code cosign.pub}, {@code openssl pkey -pubout}).</li>
 * </ul>
 * cosign's own {@code ENCRYPTED SIGSTORE/COSIGN PRIVATE KEY} (scrypt + nacl secretbox) is refused with a
 * message saying how to convert it. Messages name the file and the block, never key material.
 */
public final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER of AlgorithmIdentifier { id-ecPublicKey, prime256v1 }. */
    private static final byte[] EC_P256_ALGORITHM = hex("301306072a8648ce3d020106082a8648ce3d030107");

    private PemKeys() {
    }

    /** The signing key in {@code file}; {@code password} only for an encrypted one (null or empty otherwise). */
    public static SigningKey readPrivate(Path file, char[] password) throws KeyFormatException {
        Block block = firstBlock(file, "PRIVATE KEY");
        try {
            PrivateKey key = switch (block.type()) {
                case "PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(block.der()));
                case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(sec1ToPkcs8(block.der())));
                case "ENCRYPTED PRIVATE KEY" -> decrypt(file, block.der(), password);
                case "ENCRYPTED COSIGN PRIVATE KEY", "ENCRYPTED SIGSTORE PRIVATE KEY" -> throw new KeyFormatException(file
                        + " is cosign's own encrypted key format (scrypt + secretbox), which tagline does not read: generate a PKCS#8 key "
                        + "(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem) and give cosign the same key "
                        + "with 'cosign import-key-pair --key key.pem'");
                default -> throw new KeyFormatException(file + ": a '" + block.type() + "' PEM block is not a private key tagline reads "
                        + "(PRIVATE KEY, ENCRYPTED PRIVATE KEY or EC PRIVATE KEY)");
            };
            return SigningKey.of(key);
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException(file + ": cannot read the " + block.type() + " block as an EC key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The public key in {@code file} ({@code PUBLIC KEY} block); must be EC P-256. */
    public static ECPublicKey readPublic(Path file) throws KeyFormatException {
        Block block = firstBlock(file, "PUBLIC KEY");
        if (!block.type().equals("PUBLIC KEY")) {
            throw new KeyFormatException(file + ": expected a 'PUBLIC KEY' PEM block, found '" + block.type() + "'");
        }
        return parsePublic(block.der(), file.toString());
    }

    static ECPublicKey parsePublic(byte[] der, String source) throws KeyFormatException {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
                return ec;
            }
            throw new KeyFormatException(source + ": the public key is not an ECDSA P-256 key");
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException(source + ": not an EC public key (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static String publicKeyPem(PublicKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    private static PrivateKey decrypt(Path file, byte[] der, char[] password) throws KeyFormatException {
        if (password == null || password.length == 0) {
            throw new KeyFormatException(file + " is encrypted: set tagline.builder.signing.key-password "
                    + "(TAGLINE_BUILDER_SIGNING_KEY_PASSWORD)");
        }
        PBEKeySpec spec = new PBEKeySpec(password);
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters params = info.getAlgParameters();
            // for PBES2 the JDK names the cipher from the parameters (e.g. PBEWithHmacSHA256AndAES_256), not from getAlgName()
            String algorithm = params != null ? params.toString() : info.getAlgName();
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(spec), params);
            return KeyFactory.getInstance("EC").generatePrivate(info.getKeySpec(cipher));
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyFormatException(file + ": cannot decrypt the ENCRYPTED PRIVATE KEY (wrong password, or an encryption "
                    + "the JDK does not offer; re-encrypt with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'): " + e.getClass().getSimpleName());
        } finally {
            spec.clearPassword();
        }
    }

    /** Wraps a SEC1 ECPrivateKey (P-256 assumed; the key factory checks the curve) into PKCS#8. */
    private static byte[] sec1ToPkcs8(byte[] sec1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(EC_P256_ALGORITHM);
        body.writeBytes(tlv(0x04, sec1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private record Block(String type, byte[] der) {
    }

    private static Block firstBlock(Path file, String wanted) throws KeyFormatException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFormatException("cannot read the key file " + file + ": " + e.getMessage());
        }
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            throw new KeyFormatException(file + " holds no PEM block (expected '-----BEGIN " + wanted + "-----')");
        }
        String type = m.group(1);
        String body = m.group(2).lines().filter(l -> !l.contains(":")).reduce("", String::concat).replaceAll("\\s", "");
        try {
            return new Block(type, Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException(file + ": the '" + type + "' PEM block is not valid base64");
        }
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
