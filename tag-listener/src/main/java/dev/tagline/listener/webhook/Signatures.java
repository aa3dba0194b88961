package dev.tagline.listener.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Webhook authentication, constant-time throughout: GitHub's {@code X-Hub-Signature-256}
 * ({@code sha256=} + hex HMAC-SHA256 of the body), GitLab's {@code X-Gitlab-Token} (the secret
 * itself), Gitea/Forgejo's {@code X-Gitea-Signature} / {@code X-Forgejo-Signature} /
 * {@code X-Gogs-Signature} (hex HMAC-SHA256) or {@code X-Hub-Signature-256},
 * and the generic format's {@code X-Tagline-Signature-256} (as GitHub's). An HMAC covers the body as
 * delivered or, for a form-encoded one, its JSON payload ({@link WebhookBody}). Reasons never contain the
 * secret or the expected value.
 */
public final class Signatures {
    private static final String[] GITEA_BARE_HEADERS = {"X-Gitea-Signature", "X-Forgejo-Signature", "X-Gogs-Signature"};

    private Signatures() {
    }

    /** @throws WebhookRejection 401 when the request is not signed with {@code secret} */
    public static void verify(WebhookProvider provider, Map<String, String> headers, WebhookBody body, String secret) {
        switch (provider) {
            case GITHUB -> verifyHmacHeader(headers, body, secret, "X-Hub-Signature-256", true);
            case GENERIC -> verifyHmacHeader(headers, body, secret, "X-Tagline-Signature-256", true);
            case GITLAB -> verifyToken(headers, secret);
            case GITEA -> verifyGitea(headers, body, secret);
        }
    }

    /**
     * Gitea sends {@code X-Gitea-Signature}, {@code X-Gogs-Signature} (bare hex) and GitHub's
     * {@code X-Hub-Signature-256}; Forgejo adds {@code X-Forgejo-Signature}; some set-ups (Codeberg)
     * deliver only {@code X-Hub-Signature-256}. Every one present must match, and one must be present.
     */
    private static void verifyGitea(Map<String, String> headers, WebhookBody body, String secret) {
        boolean any = false;
        for (String bare : GITEA_BARE_HEADERS) {
            if (Fields.header(headers, bare) != null) {
                verifyHmacHeader(headers, body, secret, bare, false);
                any = true;
            }
        }
        if (Fields.header(headers, "X-Hub-Signature-256") != null) {
            verifyHmacHeader(headers, body, secret, "X-Hub-Signature-256", true);
            any = true;
        }
        if (!any) {
            throw WebhookRejection.unauthorized("missing signature header (X-Gitea-Signature, X-Forgejo-Signature or X-Hub-Signature-256)");
        }
    }

    private static void verifyHmacHeader(Map<String, String> headers, WebhookBody body, String secret, String header,
                                         boolean prefixed) {
        String given = Fields.header(headers, header);
        if (given == null) {
            throw WebhookRejection.unauthorized("missing signature header " + header);
        }
        String hex = given.toLowerCase(Locale.ROOT);
        if (prefixed) {
            if (!hex.startsWith("sha256=")) {
                throw WebhookRejection.unauthorized(header + " must be sha256=<hex HMAC-SHA256 of the body>");
            }
            hex = hex.substring("sha256=".length());
        }
        byte[] givenBytes = hex.getBytes(StandardCharsets.US_ASCII);
        boolean matches = false;
        for (byte[] signed : body.signed()) {
            byte[] expected = HexFormat.of().formatHex(hmacSha256(secret, signed)).getBytes(StandardCharsets.US_ASCII);
            matches |= MessageDigest.isEqual(expected, givenBytes);
        }
        if (!matches) {
            throw WebhookRejection.unauthorized("signature in " + header + " does not match the body");
        }
    }

    private static void verifyToken(Map<String, String> headers, String secret) {
        String given = Fields.header(headers, "X-Gitlab-Token");
        if (given == null) {
            throw WebhookRejection.unauthorized("missing header X-Gitlab-Token");
        }
        // compare digests so that neither content nor length leaks through timing
        if (!MessageDigest.isEqual(sha256(given), sha256(secret))) {
            throw WebhookRejection.unauthorized("X-Gitlab-Token does not match the repository's secret");
        }
    }

    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code sha256=<hex>}: what GitHub puts in X-Hub-Signature-256 (useful to senders and tests). */
    public static String githubSignature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
