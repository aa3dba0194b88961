package dev.tagline.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorBodiesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("the spec's error body gives the code and the message",
                        "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\",\"detail\":{\"name\":\"nope\"}}]}",
                        ErrorCode.NAME_UNKNOWN, "NAME_UNKNOWN repository name not known to registry"),
                Arguments.of("several errors are all named and the first decides",
                        "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown\"},{\"code\":\"MANIFEST_INVALID\"}]}",
                        ErrorCode.MANIFEST_BLOB_UNKNOWN, "MANIFEST_BLOB_UNKNOWN blob unknown; MANIFEST_INVALID"),
                Arguments.of("an unknown code is kept in the detail",
                        "{\"errors\":[{\"code\":\"QUOTA_EXCEEDED\",\"message\":\"full\"}]}", ErrorCode.UNKNOWN, "QUOTA_EXCEEDED full"),
                Arguments.of("a plain text body gives its first line", "404 page not found\nmore", ErrorCode.UNKNOWN, "404 page not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void anErrorBodyGivesItsCodeAndDetail(String what, String body, ErrorCode code, String detail) {
        ErrorBodies.Parsed p = ErrorBodies.parse(b(body));
        assertEquals(code, p.code());
        assertEquals(detail, p.detail());
    }

    @Test
    void anyOfSeveralErrorsHasItsCode() {
        assertTrue(ErrorBodies.hasCode(b("{\"errors\":[{\"code\":\"X\"},{\"code\":\"UNSUPPORTED\"}]}"), ErrorCode.UNSUPPORTED));
    }

    @Test
    void oauthStyleErrorIsRead() {
        assertEquals("bad creds", ErrorBodies.parse(b("{\"error\":\"invalid_grant\",\"error_description\":\"bad creds\"}")).detail());
        assertEquals("nope", ErrorBodies.parse(b("{\"details\":\"nope\"}")).detail());
    }

    @Test
    void longBodiesAreCut() {
        assertTrue(ErrorBodies.parse(b("x".repeat(5000))).detail().length() < 310);
    }

    @ParameterizedTest(name = "HTTP {0} without a code -> {1}")
    @CsvSource({"401,UNAUTHORIZED", "403,DENIED", "405,UNSUPPORTED", "429,TOOMANYREQUESTS", "500,SERVER_ERROR", "503,SERVER_ERROR", "418,INVALID_RESPONSE"})
    void statusGivesTheCodeWhenTheBodyHasNone(int status, ErrorCode code) {
        RegistryException e = ErrorBodies.toException("doing x", HttpAnswer.of(status, Map.of(), ""));
        assertEquals(code, e.code());
        assertEquals(status, e.status());
        assertEquals("doing x", e.action());
    }

    @Test
    void transientFollowsTheStatus() {
        assertTrue(ErrorBodies.toException("a", HttpAnswer.of(503, Map.of(), "")).transientFailure());
        assertTrue(ErrorBodies.toException("a", HttpAnswer.of(429, Map.of(), "")).transientFailure());
        assertFalse(ErrorBodies.toException("a", HttpAnswer.of(400, Map.of(), "")).transientFailure());
        assertFalse(ErrorBodies.toException("a", HttpAnswer.of(403, Map.of(), "")).transientFailure());
    }
}
