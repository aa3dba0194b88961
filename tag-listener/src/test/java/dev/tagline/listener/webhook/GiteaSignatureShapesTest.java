package dev.tagline.listener.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The header sets Gitea, Forgejo and Codeberg really send on {@code /webhooks/gitea}: Gitea 1.2x sends
 * {@code X-Gitea-Signature}, {@code X-Gogs-Signature} (bare hex), {@code X-Hub-Signature} (sha1=) and
 * {@code X-Hub-Signature-256} (sha256=); Forgejo adds {@code X-Forgejo-Signature}; Codeberg
 * deliveries have been seen with only {@code X-Hub-Signature-256}.
 */
class GiteaSignatureShapesTest {
    private static final String SECRET = "gitea-secret";
    private static final byte[] BODY = "{\"ref\":\"refs/tags/v1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    private static final String HEX = HexFormat.of().formatHex(Signatures.hmacSha256(SECRET, BODY));
    private static final String WRONG = HexFormat.of().formatHex(Signatures.hmacSha256("other", BODY));
    private static final String SHA1_SHAPE = "sha1=0123456789abcdef0123456789abcdef01234567";

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("gitea: all of its headers", new String[]{"X-Gitea-Signature", HEX, "X-Gogs-Signature", HEX,
                        "X-Hub-Signature", SHA1_SHAPE, "X-Hub-Signature-256", "sha256=" + HEX}),
                Arguments.of("forgejo: all of its headers", new String[]{"X-Forgejo-Signature", HEX, "X-Gitea-Signature", HEX,
                        "X-Gogs-Signature", HEX, "X-Hub-Signature-256", "sha256=" + HEX}),
                Arguments.of("codeberg: only X-Hub-Signature-256", new String[]{"X-Hub-Signature-256", "sha256=" + HEX}),
                Arguments.of("X-Hub-Signature-256 upper-case hex", new String[]{"X-Hub-Signature-256", "sha256=" + HEX.toUpperCase()}),
                Arguments.of("lower-case header names", new String[]{"x-hub-signature-256", "sha256=" + HEX}),
                Arguments.of("only X-Gitea-Signature", new String[]{"X-Gitea-Signature", HEX}),
                Arguments.of("only X-Forgejo-Signature", new String[]{"X-Forgejo-Signature", HEX}),
                Arguments.of("only X-Gogs-Signature", new String[]{"X-Gogs-Signature", HEX}));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("no signature header", new String[]{}),
                Arguments.of("only the sha1 X-Hub-Signature", new String[]{"X-Hub-Signature", SHA1_SHAPE}),
                Arguments.of("X-Hub-Signature-256 of another secret", new String[]{"X-Hub-Signature-256", "sha256=" + WRONG}),
                Arguments.of("X-Hub-Signature-256 without its sha256= prefix", new String[]{"X-Hub-Signature-256", HEX}),
                Arguments.of("a good X-Gitea-Signature but a wrong X-Hub-Signature-256",
                        new String[]{"X-Gitea-Signature", HEX, "X-Hub-Signature-256", "sha256=" + WRONG}),
                Arguments.of("a good X-Hub-Signature-256 but a wrong X-Forgejo-Signature",
                        new String[]{"X-Forgejo-Signature", WRONG, "X-Hub-Signature-256", "sha256=" + HEX}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedHeaderShapes(String shape, String[] headers) {
        assertDoesNotThrow(() -> Signatures.verify(WebhookProvider.GITEA, Payloads.headers(headers), WebhookBody.json(BODY), SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedHeaderShapes(String shape, String[] headers) {
        WebhookRejection r = assertThrows(WebhookRejection.class,
                () -> Signatures.verify(WebhookProvider.GITEA, Payloads.headers(headers), WebhookBody.json(BODY), SECRET));
        assertEquals(401, r.status());
    }
}
