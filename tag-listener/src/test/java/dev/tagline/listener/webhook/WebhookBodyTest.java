package dev.tagline.listener.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static dev.tagline.listener.webhook.Payloads.headers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebhookBodyTest {
    private static final byte[] JSON = "{\"ref\":\"refs/tags/v1.0.0\",\"message\":\"a+b & c=d\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FORM = ("payload=%7B%22ref%22%3A%22refs%2Ftags%2Fv1.0.0%22%2C%22message%22%3A%22a%2Bb+%26+c%3Dd%22%7D")
            .getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "s3cret";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GITHUB,  application/json",
            "GITLAB,  application/json; charset=utf-8",
            "GENERIC, Application/JSON",
            "GITEA,   application/vnd.gitea+json"})
    void aJsonBodyIsItsOwnJson(WebhookProvider provider, String contentType) {
        WebhookBody body = WebhookBody.read(provider, contentType, JSON);
        assertArrayEquals(JSON, body.json());
        assertEquals(1, body.signed().size());
    }

    @ParameterizedTest
    @CsvSource({"GITHUB", "GITEA"})
    void aFormCarriesItsJsonInThePayloadField(WebhookProvider provider) {
        WebhookBody body = WebhookBody.read(provider, "application/x-www-form-urlencoded", FORM);
        assertArrayEquals(JSON, body.json(), "URL-decoded, '+' a space, %2B a plus");
        assertArrayEquals(FORM, body.delivered());
        byte[] withOtherFields = ("zen=keep+it+simple&" + new String(FORM, StandardCharsets.US_ASCII) + "&x")
                .getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(JSON, WebhookBody.read(provider, "application/x-www-form-urlencoded; charset=utf-8", withOtherFields).json());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "GITLAB  | application/x-www-form-urlencoded | content type must be application/json, was application/x-www-form-urlencoded (set the webhook's content type to JSON)",
            "GENERIC | application/x-www-form-urlencoded | content type must be application/json, was application/x-www-form-urlencoded (set the webhook's content type to JSON)",
            "GITHUB  | text/plain                        | content type must be application/json or application/x-www-form-urlencoded, was text/plain (set the webhook's content type to JSON)",
            "GITEA   |                                   | content type must be application/json or application/x-www-form-urlencoded, was none (set the webhook's content type to JSON)"})
    void otherContentTypesAreUnsupported(WebhookProvider provider, String contentType, String reason) {
        WebhookRejection r = assertThrows(WebhookRejection.class, () -> WebhookBody.read(provider, contentType, JSON));
        assertEquals(415, r.status());
        assertEquals(reason, r.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zen=hello                 | form-encoded body has no payload field (the JSON event)",
            "payload=%7B%7D&payload=%7B%7D | form-encoded body has more than one payload field",
            "payload=%E                | form-encoded body is not valid URL encoding"})
    void aBrokenFormIsABadRequest(String form, String reason) {
        WebhookRejection r = assertThrows(WebhookRejection.class,
                () -> WebhookBody.read(WebhookProvider.GITHUB, "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(400, r.status());
        assertEquals(reason, r.reason());
    }

    @Test
    void aFormsSignatureMayCoverTheBodyAsSentOrItsPayload() {
        WebhookBody body = WebhookBody.read(WebhookProvider.GITEA, "application/x-www-form-urlencoded", FORM);
        // GitHub signs the bytes it sends
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITHUB,
                headers("X-Hub-Signature-256", Signatures.githubSignature(SECRET, FORM)), body, SECRET));
        // Gitea signs the JSON payload
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITEA,
                headers("X-Gitea-Signature", HexFormat.of().formatHex(Signatures.hmacSha256(SECRET, JSON))), body, SECRET));
        WebhookRejection r = assertThrows(WebhookRejection.class, () -> Signatures.verify(WebhookProvider.GITHUB,
                headers("X-Hub-Signature-256", Signatures.githubSignature("other", FORM)), body, SECRET));
        assertEquals(401, r.status());
    }
}
