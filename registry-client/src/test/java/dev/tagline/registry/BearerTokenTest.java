package dev.tagline.registry;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BearerTokenTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void anonymousTokenRequestCarriesServiceAndEveryScope() {
        HttpCall c = BearerToken.request(URI.create("https://auth.example/token"), "reg.example",
                List.of("repository:a/b:pull", "repository:a/b:pull,push"), null);
        assertEquals("GET", c.method());
        assertEquals("https://auth.example/token?service=reg.example&scope=repository%3Aa%2Fb%3Apull&scope=repository%3Aa%2Fb%3Apull%2Cpush",
                c.uri().toString());
        assertNull(c.headers().get("Authorization"));
    }

    @Test
    void basicCredentialsGoInTheHeaderNeverTheUrl() {
        HttpCall c = BearerToken.request(URI.create("https://auth.example/token?x=1"), null, List.of("repository:a:pull"),
                new RegistryCredential("alice", "pw"));
        assertEquals("https://auth.example/token?x=1&scope=repository%3Aa%3Apull", c.uri().toString());
        assertEquals(new RegistryCredential("alice", "pw").basicAuthorization(), c.headers().get("Authorization"));
        assertFalse(c.toString().contains("pw"));
    }

    @Test
    void identityTokenIsAnOAuthRefreshTokenPost() {
        HttpCall c = BearerToken.request(URI.create("https://auth.example/token"), "svc", List.of("repository:a:pull"),
                RegistryCredential.identityToken("refresh-1"));
        assertEquals("POST", c.method());
        assertEquals("grant_type=refresh_token&client_id=tagline&refresh_token=refresh-1&service=svc&scope=repository%3Aa%3Apull",
                new String(c.body(), StandardCharsets.UTF_8));
        assertEquals("https://auth.example/token", c.uri().toString());
    }

    @Test
    void tokenOrAccessTokenWithExpiryAndASafetyMargin() {
        BearerToken t = BearerToken.parse("{\"token\":\"abc\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals("abc", t.value());
        assertEquals(NOW.plusSeconds(290), t.expiresAt());
        assertTrue(t.validAt(NOW.plusSeconds(289)));
        assertFalse(t.validAt(NOW.plusSeconds(290)));
        BearerToken a = BearerToken.parse("{\"access_token\":\"xyz\"}".getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals("xyz", a.value());
        assertEquals(NOW.plusSeconds(50), a.expiresAt());
        BearerToken shortLived = BearerToken.parse("{\"token\":\"s\",\"expires_in\":4}".getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals(NOW.plusSeconds(2), shortLived.expiresAt());
        assertFalse(t.toString().contains("abc"));
    }

    @Test
    void answerWithoutATokenFailsWithoutEchoingTheBody() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BearerToken.parse("{\"tokn\":\"leaky\"}".getBytes(StandardCharsets.UTF_8), NOW));
        assertFalse(e.getMessage().contains("leaky"));
        assertThrows(IllegalArgumentException.class, () -> BearerToken.parse("nope leaky".getBytes(StandardCharsets.UTF_8), NOW));
    }
}
