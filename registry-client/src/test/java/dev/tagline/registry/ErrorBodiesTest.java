package dev.tagline.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorBodiesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void specErrorBodyGivesCodeAndMessage() {
        ErrorBodies.Parsed p = ErrorBodies.parse(b(
                "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\",\"detail\":{\"name\":\"nope\"}}]}"));
        assertEquals(ErrorCode.NAME_UNKNOWN, p.code());
        assertEquals("NAME_UNKNOWN repository name not known to registry", p.detail());
    }

    @Test
    void severalErrorsAreAllNamedAndTheFirstDecides() {
        ErrorBodies.Parsed p = ErrorBodies.parse(b(
                "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown\"},{\"code\":\"MANIFEST_INVALID\"}]}"));
        assertEquals(ErrorCode.MANIFEST_BLOB_UNKNOWN, p.code());
        assertEquals("MANIFEST_BLOB_UNKNOWN blob unknown; MANIFEST_INVALID", p.detail());
        assertTrue(ErrorBodies.hasCode(b("{\"errors\":[{\"code\":\"X\"},{\"code\":\"UNSUPPORTED\"}]}"), ErrorCode.UNSUPPORTED));
    }

    @Test
    void unknownCodeIsKeptInTheDetail() {
        ErrorBodies.Parsed p = ErrorBodies.parse(b("{\"errors\":[{\"code\":\"QUOTA_EXCEEDED\",\"message\":\"full\"}]}"));
        assertEquals(ErrorCode.UNKNOWN, p.code());
        assertEquals("QUOTA_EXCEEDED full", p.detail());
    }

    @Test
    void plainTextBodyGivesItsFirstLine() {
        ErrorBodies.Parsed p = ErrorBodies.parse(b("404 page not found\nmore"));
        assertEquals(ErrorCode.UNKNOWN, p.code());
        assertEquals("404 page not found", p.detail());
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
