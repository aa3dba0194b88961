package dev.tagline.listener.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static dev.tagline.listener.webhook.Payloads.headers;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignaturesTest {
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void githubDocumentedExampleVerifies() {
        // the example from GitHub's "Validating webhook deliveries" page
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                Signatures.githubSignature(SECRET, BODY));
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITHUB,
                headers("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), WebhookBody.json(BODY), SECRET));
    }

    @Test
    void githubUppercaseHexIsAccepted() {
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITHUB,
                headers("X-Hub-Signature-256", Signatures.githubSignature(SECRET, BODY).toUpperCase().replace("SHA256=", "sha256=")), WebhookBody.json(BODY), SECRET));
    }

    @Test
    void githubWrongSecretIsUnauthorizedAndTheReasonHidesTheSecret() {
        WebhookRejection r = assertThrows(WebhookRejection.class, () -> Signatures.verify(WebhookProvider.GITHUB,
                headers("X-Hub-Signature-256", Signatures.githubSignature("other", BODY)), WebhookBody.json(BODY), SECRET));
        assertEquals(401, r.status());
        assertFalse(r.reason().contains(SECRET));
        assertFalse(r.reason().contains(Signatures.githubSignature(SECRET, BODY)));
    }

    @Test
    void githubTamperedBodyIsUnauthorized() {
        String sig = Signatures.githubSignature(SECRET, BODY);
        assertThrows(WebhookRejection.class, () -> Signatures.verify(WebhookProvider.GITHUB,
                headers("X-Hub-Signature-256", sig), WebhookBody.json("Hello, World?".getBytes(StandardCharsets.UTF_8)), SECRET));
    }

    @Test
    void githubMissingOrSha1OnlySignatureIsUnauthorized() {
        WebhookRejection missing = assertThrows(WebhookRejection.class,
                () -> Signatures.verify(WebhookProvider.GITHUB, headers(), WebhookBody.json(BODY), SECRET));
        assertTrue(missing.reason().contains("X-Hub-Signature-256"));
        assertThrows(WebhookRejection.class, () -> Signatures.verify(WebhookProvider.GITHUB,
                headers("X-Hub-Signature-256", "sha1=abcdef"), WebhookBody.json(BODY), SECRET));
    }

    @Test
    void gitlabTokenMustEqualTheSecret() {
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITLAB, headers("X-Gitlab-Token", SECRET), WebhookBody.json(BODY), SECRET));
        WebhookRejection r = assertThrows(WebhookRejection.class,
                () -> Signatures.verify(WebhookProvider.GITLAB, headers("X-Gitlab-Token", SECRET + "x"), WebhookBody.json(BODY), SECRET));
        assertEquals(401, r.status());
        assertFalse(r.reason().contains(SECRET));
    }

    @Test
    void giteaSignatureIsBareHexHmac() {
        String hex = HexFormat.of().formatHex(Signatures.hmacSha256(SECRET, BODY));
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITEA, headers("X-Gitea-Signature", hex), WebhookBody.json(BODY), SECRET));
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITEA, headers("X-Forgejo-Signature", hex), WebhookBody.json(BODY), SECRET));
        assertThrows(WebhookRejection.class,
                () -> Signatures.verify(WebhookProvider.GITEA, headers("X-Gitea-Signature", "00" + hex.substring(2)), WebhookBody.json(BODY), SECRET));
        assertThrows(WebhookRejection.class, () -> Signatures.verify(WebhookProvider.GITEA, headers(), WebhookBody.json(BODY), SECRET));
    }

    @Test
    void genericUsesTheGithubSchemeUnderItsOwnHeader() {
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GENERIC,
                headers("X-Tagline-Signature-256", Signatures.githubSignature(SECRET, BODY)), WebhookBody.json(BODY), SECRET));
        assertThrows(WebhookRejection.class, () -> Signatures.verify(WebhookProvider.GENERIC,
                headers("X-Hub-Signature-256", Signatures.githubSignature(SECRET, BODY)), WebhookBody.json(BODY), SECRET));
    }
}
