package dev.tagline.builder.signing;

import dev.tagline.builder.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningKeyTest {
    @TempDir
    Path dir;

    @Test
    void anOpensslKeyIsReadAndItsPublicKeyIsDerivedExactly() throws Exception {
        Path[] pair = TestKeys.pair(dir, "k");
        SigningKey key = PemKeys.readPrivate(pair[0], null);
        ECPublicKey expected = PemKeys.readPublic(pair[1]);
        assertArrayEquals(expected.getEncoded(), key.publicKey().getEncoded());
        assertEquals(Files.readString(pair[1]).trim(), key.publicKeyPem().trim());
    }

    @Test
    void aSignatureVerifiesWithOpenssl() throws Exception {
        Path[] pair = TestKeys.pair(dir, "k");
        SigningKey key = PemKeys.readPrivate(pair[0], null);
        byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("payload"), payload);
        Files.write(dir.resolve("sig.der"), key.sign(payload));
        assertEquals(0, TestKeys.openssl("dgst", "-sha256", "-verify", pair[1].toString(), "-signature",
                dir.resolve("sig.der").toString(), dir.resolve("payload").toString()));
        Files.write(dir.resolve("payload"), "{\"critical\":{ }}".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, TestKeys.openssl("dgst", "-sha256", "-verify", pair[1].toString(), "-signature",
                dir.resolve("sig.der").toString(), dir.resolve("payload").toString()), "a changed payload is rejected");
    }

    @Test
    void anOpensslSignatureVerifiesInJava() throws Exception {
        Path[] pair = TestKeys.pair(dir, "k");
        Files.writeString(dir.resolve("payload"), "hello");
        assertEquals(0, TestKeys.openssl("dgst", "-sha256", "-sign", pair[0].toString(), "-out", dir.resolve("sig").toString(),
                dir.resolve("payload").toString()));
        ECPublicKey pub = PemKeys.readPublic(pair[1]);
        assertTrue(Signatures.valid(pub, "hello".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("sig"))));
        assertFalse(Signatures.valid(pub, "hellO".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("sig"))));
    }

    @Test
    void anEncryptedPkcs8KeyNeedsItsPassword() throws Exception {
        Path[] pair = TestKeys.pair(dir, "k");
        Path enc = TestKeys.encrypted(pair[0], dir.resolve("enc.key"), "s3cret");
        assertTrue(Files.readString(enc).contains("ENCRYPTED PRIVATE KEY"));
        SigningKey key = PemKeys.readPrivate(enc, "s3cret".toCharArray());
        assertArrayEquals(PemKeys.readPublic(pair[1]).getEncoded(), key.publicKey().getEncoded());
        KeyFormatException none = assertThrows(KeyFormatException.class, () -> PemKeys.readPrivate(enc, null));
        assertTrue(none.getMessage().contains("key-password"), none.getMessage());
        KeyFormatException wrong = assertThrows(KeyFormatException.class, () -> PemKeys.readPrivate(enc, "nope".toCharArray()));
        assertFalse(wrong.getMessage().contains("nope"), "the password is never in a message");
    }

    @Test
    void aSec1KeyIsRead() throws Exception {
        Path[] pair = TestKeys.pair(dir, "k");
        Path sec1 = dir.resolve("sec1.key");
        assertEquals(0, TestKeys.openssl("ec", "-in", pair[0].toString(), "-out", sec1.toString()));
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        assertArrayEquals(PemKeys.readPublic(pair[1]).getEncoded(), PemKeys.readPrivate(sec1, null).publicKey().getEncoded());
    }

    @Test
    void otherKeysAreRefusedWithoutShowingThem() throws Exception {
        Path rsa = dir.resolve("rsa.key");
        assertEquals(0, TestKeys.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa.toString()));
        assertThrows(KeyFormatException.class, () -> PemKeys.readPrivate(rsa, null));
        Path cosign = dir.resolve("cosign.key");
        Files.writeString(cosign, "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnt9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> PemKeys.readPrivate(cosign, null));
        assertTrue(e.getMessage().contains("cosign import-key-pair"), e.getMessage());
        assertFalse(e.getMessage().contains("eyJrZGYi"));
        assertThrows(KeyFormatException.class, () -> PemKeys.readPrivate(dir.resolve("absent.key"), null));
    }

    @Test
    void toStringShowsNoKeyMaterial() throws Exception {
        Path[] pair = TestKeys.pair(dir, "k");
        SigningKey key = PemKeys.readPrivate(pair[0], null);
        String pem = Files.readString(pair[0]).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertFalse(key.toString().contains(pem.substring(0, 20)));
    }
}
