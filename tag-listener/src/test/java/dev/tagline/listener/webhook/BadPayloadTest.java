package dev.tagline.listener.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed body is a 400 whose one-line reason names what is wrong. */
class BadPayloadTest {
    private static final String GOOD_REPO = "\"repository\":\"github.com/acme/shop\"";
    private static final String SHA = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "emptyBody||empty body",
            "notJson|not json|malformed JSON",
            "truncatedJson|{\"ref\": |malformed JSON",
            "topLevelArray|[1,2]|expected an object",
            "trailingGarbage|{} x|malformed JSON",
            "missingRepository|{\"ref\":\"refs/heads/main\",\"after\":\"" + SHA + "\"}|missing field repository",
            "invalidRepository|{\"repository\":\"not a repo\",\"ref\":\"refs/heads/main\"}|field repository",
    })
    void rejectedWhileParsing(String name, String body, String reason) {
        WebhookRejection r = assertThrows(WebhookRejection.class, () -> WebhookParser.of(WebhookProvider.GENERIC)
                .parse(Map.of(), body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, r.status());
        assertTrue(r.reason().contains(reason), r.reason());
        assertTrue(!r.reason().contains("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dotDotInRef|refs/tags/../x|contains '..'",
            "controlCharacter|refs/tags/v1\\u0001|control character",
            "notFullRef|main|must be a full ref name",
            "spaceInRef|refs/heads/my branch|which git does not allow",
            "lockSuffix|refs/heads/x.lock|.lock",
    })
    void invalidRefNamesAreRejected(String name, String ref, String reason) {
        String body = "{" + GOOD_REPO + ",\"ref\":\"" + ref + "\",\"after\":\"" + SHA + "\"}";
        Webhook w = WebhookParser.of(WebhookProvider.GENERIC).parse(Map.of(), body.getBytes(StandardCharsets.UTF_8));
        WebhookRejection r = assertThrows(WebhookRejection.class, w::events);
        assertEquals(400, r.status());
        assertTrue(r.reason().contains(reason), r.reason());
    }

    @org.junit.jupiter.api.Test
    void refOver255BytesIsRejected() {
        String body = "{" + GOOD_REPO + ",\"ref\":\"refs/tags/" + "v".repeat(250) + "\",\"after\":\"" + SHA + "\"}";
        Webhook w = WebhookParser.of(WebhookProvider.GENERIC).parse(Map.of(), body.getBytes(StandardCharsets.UTF_8));
        WebhookRejection r = assertThrows(WebhookRejection.class, w::events);
        assertTrue(r.reason().contains("255 bytes"), r.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "shortSha|abc123|must be 40 or 64 hex",
            "numberForString|12|must be a string",
    })
    void badCommitIdsAreRejected(String name, String after, String reason) {
        String value = name.equals("numberForString") ? after : "\"" + after + "\"";
        String body = "{" + GOOD_REPO + ",\"ref\":\"refs/heads/main\",\"after\":" + value + "}";
        Webhook w = WebhookParser.of(WebhookProvider.GENERIC).parse(Map.of(), body.getBytes(StandardCharsets.UTF_8));
        WebhookRejection r = assertThrows(WebhookRejection.class, w::events);
        assertEquals(400, r.status());
        assertTrue(r.reason().contains(reason), r.reason());
    }
}
