package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Auth challenges, token caching, retries and redirects, through the facade, against a scripted transport. */
class EndpointCallerTest {
    static final String HOST = "reg.test:5000";
    static final ImageRepository REPO = ImageRepository.parse(HOST + "/acme/shop");
    static final String SECRET = "pa55-w0rd-xyz";
    static final String CHALLENGE = "Bearer realm=\"https://auth.test/token\",service=\"reg.test\",scope=\"repository:acme/shop:pull\"";
    static final String TAGS = "{\"name\":\"acme/shop\",\"tags\":[\"b\",\"a\"]}";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    final List<Duration> sleeps = new ArrayList<>();

    RegistryClient client(ScriptedTransport t, CredentialStore creds) {
        return RegistryClient.builder().transport(t).sleeper(sleeps::add).clock(clock).credentials(creds).build();
    }

    static CredentialStore alice() {
        return h -> h.equals(HOST) ? Optional.of(new RegistryCredential("alice", SECRET)) : Optional.empty();
    }

    /** A registry behind a token server: "T<n>" tokens, each valid for 300 s, any scope. */
    static ScriptedTransport bearerRegistry(List<HttpCall> tokenCalls) {
        int[] issued = {0};
        return new ScriptedTransport((call, i) -> {
            if (call.uri().getHost().equals("auth.test")) {
                tokenCalls.add(call);
                if (!new RegistryCredential("alice", SECRET).basicAuthorization().equals(call.headers().get("Authorization"))) {
                    return HttpAnswer.of(401, Map.of(), "{\"details\":\"bad credentials\"}");
                }
                return HttpAnswer.of(200, Map.of(), "{\"token\":\"T" + (++issued[0]) + "\",\"expires_in\":300}");
            }
            String auth = call.headers().get("Authorization");
            if (auth == null || !auth.equals("Bearer T" + issued[0])) {
                return HttpAnswer.of(401, Map.of("WWW-Authenticate", CHALLENGE), "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            }
            if (call.method().equals("DELETE")) {
                return HttpAnswer.of(202, Map.of(), "");
            }
            return HttpAnswer.of(200, Map.of(), TAGS);
        });
    }

    @Test
    void bearerChallengeFetchesATokenWithTheCredentialAndRetriesOnce() throws Exception {
        List<HttpCall> tokenCalls = new ArrayList<>();
        ScriptedTransport t = bearerRegistry(tokenCalls);
        assertEquals("[a, b]", client(t, alice()).listTags(REPO).toString());
        assertEquals(3, t.calls.size());
        assertNull(t.authorizationOf(0));
        assertEquals("https://auth.test/token?service=reg.test&scope=repository%3Aacme%2Fshop%3Apull", t.calls.get(1).uri().toString());
        assertEquals("Bearer T1", t.authorizationOf(2));
        assertEquals("https://reg.test:5000/v2/acme/shop/tags/list?n=1000", t.calls.get(2).uri().toString());
    }

    @Test
    void tokenIsCachedPerScopeUntilItExpires() throws Exception {
        List<HttpCall> tokenCalls = new ArrayList<>();
        ScriptedTransport t = bearerRegistry(tokenCalls);
        RegistryClient c = client(t, alice());
        c.listTags(REPO);
        c.listTags(REPO);
        assertEquals(1, tokenCalls.size());
        assertEquals(4, t.calls.size()); // the second listing goes straight through with the cached token
        assertEquals("Bearer T1", t.authorizationOf(3));

        clock.advance(Duration.ofSeconds(295)); // past expiry minus margin
        c.listTags(REPO);
        assertEquals(2, tokenCalls.size());

        c.deleteManifest(REPO, Digest.of("x")); // another scope, another token
        assertEquals(3, tokenCalls.size());
        assertTrue(tokenCalls.get(2).uri().toString().contains("scope=repository%3Aacme%2Fshop%3Adelete"), tokenCalls.get(2).uri().toString());
    }

    @Test
    void challengeScopeIsAskedForAlongsideOurs() throws Exception {
        List<HttpCall> tokenCalls = new ArrayList<>();
        ScriptedTransport t = bearerRegistry(tokenCalls);
        client(t, alice()).deleteManifest(REPO, Digest.of("x"));
        assertEquals("https://auth.test/token?service=reg.test&scope=repository%3Aacme%2Fshop%3Apull&scope=repository%3Aacme%2Fshop%3Adelete",
                tokenCalls.get(0).uri().toString());
    }

    @Test
    void rejectedTokenCredentialsAreUnauthorizedWithoutTheSecret() {
        ScriptedTransport t = bearerRegistry(new ArrayList<>());
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(t, h -> Optional.of(new RegistryCredential("alice", "wrong-" + SECRET))).listTags(REPO));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("rejected the credentials configured for " + HOST), e.getMessage());
        assertTrue(e.getMessage().startsWith("listing tags of " + REPO), e.getMessage());
        assertFalse(e.transientFailure());
    }

    @Test
    void basicChallengeIsAnsweredAndThenSentUpFront() throws Exception {
        ScriptedTransport t = new ScriptedTransport((call, i) ->
                new RegistryCredential("alice", SECRET).basicAuthorization().equals(call.headers().get("Authorization"))
                        ? HttpAnswer.of(200, Map.of(), TAGS)
                        : HttpAnswer.of(401, Map.of("WWW-Authenticate", "Basic realm=\"x\""), ""));
        RegistryClient c = client(t, alice());
        c.listTags(REPO);
        c.listTags(REPO);
        assertEquals(3, t.calls.size());
        assertNull(t.authorizationOf(0));
        assertTrue(t.authorizationOf(2).startsWith("Basic "));
    }

    @Test
    void missingCredentialsSayWhichVariablesToSet() {
        ScriptedTransport t = new ScriptedTransport((call, i) -> HttpAnswer.of(401, Map.of("WWW-Authenticate", "Basic realm=\"x\""), ""));
        RegistryException e = assertThrows(RegistryException.class, () -> client(t, CredentialStore.anonymous()).listTags(REPO));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("TAGLINE_REGISTRY_REG_TEST_5000_USERNAME"), e.getMessage());
        assertEquals(1, t.calls.size());
    }

    @Test
    void wrongBasicCredentialsAreTriedOnceAndNamedRejected() {
        ScriptedTransport t = new ScriptedTransport((call, i) -> HttpAnswer.of(401, Map.of("WWW-Authenticate", "Basic realm=\"x\""), ""));
        RegistryException e = assertThrows(RegistryException.class, () -> client(t, alice()).listTags(REPO));
        assertEquals(2, t.calls.size());
        assertTrue(e.getMessage().contains("rejected"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void transientErrorsAreRetriedWithGrowingBackoff() throws Exception {
        ScriptedTransport t = new ScriptedTransport((call, i) -> i < 2
                ? HttpAnswer.of(503, Map.of(), "{\"errors\":[{\"code\":\"UNAVAILABLE\"}]}")
                : HttpAnswer.of(200, Map.of(), TAGS));
        assertEquals(2, client(t, CredentialStore.anonymous()).listTags(REPO).size());
        assertEquals(3, t.calls.size());
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400)), sleeps);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        ScriptedTransport t = new ScriptedTransport((call, i) -> i == 0
                ? HttpAnswer.of(429, Map.of("Retry-After", "3"), "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}")
                : HttpAnswer.of(200, Map.of(), TAGS));
        client(t, CredentialStore.anonymous()).listTags(REPO);
        assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
    }

    @Test
    void persistentServerErrorsEndAsATransientFailureAfterEveryAttempt() {
        ScriptedTransport t = new ScriptedTransport((call, i) -> HttpAnswer.of(502, Map.of(), "bad gateway"));
        RegistryException e = assertThrows(RegistryException.class, () -> client(t, CredentialStore.anonymous()).listTags(REPO));
        assertEquals(ErrorCode.SERVER_ERROR, e.code());
        assertEquals(502, e.status());
        assertTrue(e.transientFailure());
        assertEquals(RetryPolicy.defaults().maxAttempts(), t.calls.size());
    }

    @Test
    void permanentErrorsAreNotRetried() {
        ScriptedTransport t = new ScriptedTransport((call, i) -> HttpAnswer.of(403, Map.of(), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\"}]}"));
        RegistryException e = assertThrows(RegistryException.class, () -> client(t, CredentialStore.anonymous()).listTags(REPO));
        assertEquals(ErrorCode.DENIED, e.code());
        assertEquals(1, t.calls.size());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void connectionFailuresAreRetriedThenReportedAsTransient() {
        ScriptedTransport t = new ScriptedTransport((call, i) -> {
            throw new ConnectException("Connection refused");
        });
        RegistryException e = assertThrows(RegistryException.class, () -> client(t, CredentialStore.anonymous()).listTags(REPO));
        assertEquals(ErrorCode.CONNECTION_FAILED, e.code());
        assertEquals(0, e.status());
        assertTrue(e.transientFailure());
        assertTrue(e.getMessage().contains("cannot reach " + HOST), e.getMessage());
        assertEquals(4, t.calls.size());
    }

    @Test
    void redirectsKeepAuthorizationOnlyOnTheRegistryHost() throws Exception {
        byte[] blob = "hello".getBytes();
        Digest d = Digest.of(blob);
        ScriptedTransport t = new ScriptedTransport((call, i) -> switch (i) {
            case 0 -> HttpAnswer.of(401, Map.of("WWW-Authenticate", "Basic realm=\"x\""), "");
            case 1 -> HttpAnswer.of(307, Map.of("Location", "/v2/acme/shop/blobs/elsewhere"), "");
            case 2 -> HttpAnswer.of(302, Map.of("Location", "https://storage.test/bucket/blob?sig=1"), "");
            default -> new HttpAnswer(200, Map.of(), blob, call.uri());
        });
        assertEquals("hello", new String(client(t, alice()).getBlob(REPO, d, 100)));
        assertTrue(t.authorizationOf(2).startsWith("Basic "));
        assertNull(t.authorizationOf(3));
        assertEquals("https://storage.test/bucket/blob?sig=1", t.calls.get(3).uri().toString());
    }

    @Test
    void insecureRegistriesSpeakPlainHttp() throws Exception {
        ScriptedTransport t = new ScriptedTransport((call, i) -> HttpAnswer.of(200, Map.of(), TAGS));
        RegistryClient.builder().transport(t).insecureRegistries(Set.of(HOST)).build().listTags(REPO);
        assertEquals("http://reg.test:5000/v2/acme/shop/tags/list?n=1000", t.calls.get(0).uri().toString());
        RegistryClient.builder().transport(t).build().listTags(ImageRepository.parse("acme/shop"));
        assertEquals("https://registry-1.docker.io/v2/acme/shop/tags/list?n=1000", t.calls.get(1).uri().toString());
    }

    @Test
    void transientTokenEndpointFailureIsRetried() throws Exception {
        int[] tokenCalls = {0};
        ScriptedTransport t = new ScriptedTransport((call, i) -> {
            if (call.uri().getHost().equals("auth.test")) {
                return ++tokenCalls[0] == 1 ? HttpAnswer.of(503, Map.of(), "") : HttpAnswer.of(200, Map.of(), "{\"token\":\"ok\"}");
            }
            return "Bearer ok".equals(call.headers().get("Authorization"))
                    ? HttpAnswer.of(200, Map.of(), TAGS) : HttpAnswer.of(401, Map.of("WWW-Authenticate", CHALLENGE), "");
        });
        assertEquals(2, client(t, CredentialStore.anonymous()).listTags(REPO).size());
        assertEquals(2, tokenCalls[0]);
    }

    @Test
    void retryAfterAsAnHttpDate() {
        EndpointCaller c = new EndpointCaller(null, null, RetryPolicy.defaults(), d -> { }, clock);
        assertEquals(Duration.ofSeconds(30), c.retryAfter(HttpAnswer.of(429, Map.of("Retry-After", "Sun, 22 Nov 2026 10:00:30 GMT"), "")));
        assertNull(c.retryAfter(HttpAnswer.of(429, Map.of("Retry-After", "soon"), "")));
        assertNull(c.retryAfter(HttpAnswer.of(429, Map.of(), "")));
    }

    @Test
    void aPlainHttpTokenRealmIsRefusedUnlessTheRegistryIsInsecure() throws Exception {
        String httpChallenge = "Bearer realm=\"http://auth.test/token\",service=\"reg.test\"";
        ScriptedTransport t = new ScriptedTransport((call, i) -> {
            if (call.uri().getHost().equals("auth.test")) {
                return HttpAnswer.of(200, Map.of(), "{\"token\":\"ok\"}");
            }
            return "Bearer ok".equals(call.headers().get("Authorization"))
                    ? HttpAnswer.of(200, Map.of(), TAGS) : HttpAnswer.of(401, Map.of("WWW-Authenticate", httpChallenge), "");
        });
        RegistryException e = assertThrows(RegistryException.class, () -> client(t, alice()).listTags(REPO));
        assertEquals(ErrorCode.INVALID_RESPONSE, e.code());
        assertTrue(e.getMessage().contains("plain-HTTP realm"), e.getMessage());
        assertEquals(0, t.count("auth.test"), "no credential went to the plain-HTTP realm");

        RegistryClient insecure = RegistryClient.builder().transport(t).credentials(alice()).insecureRegistries(Set.of(HOST)).build();
        assertEquals(2, insecure.listTags(REPO).size());
    }

    @Test
    void notImplementedIsPermanent() {
        ScriptedTransport t = new ScriptedTransport((call, i) -> HttpAnswer.of(501, Map.of(), ""));
        RegistryException e = assertThrows(RegistryException.class, () -> client(t, CredentialStore.anonymous()).listTags(REPO));
        assertFalse(e.transientFailure());
        assertEquals(1, t.calls.size());
    }

    @Test
    void concurrentRequestsShareOneTokenFetch() throws Exception {
        List<HttpCall> tokenCalls = java.util.Collections.synchronizedList(new ArrayList<>());
        ScriptedTransport t = bearerRegistry(tokenCalls);
        RegistryClient c = client(t, alice());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(() -> c.listTags(REPO)));
            }
            for (java.util.concurrent.Future<?> f : all) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, tokenCalls.size());
    }
}
