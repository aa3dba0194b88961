package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bearer token flow against a real Distribution with token auth and a test token server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerAuthIT {
    private TokenAuthRegistry registry;

    @BeforeAll
    void start() throws Exception {
        registry = TokenAuthRegistry.start();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private RegistryClient client(CredentialStore creds, MutableClock clock) {
        return RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).credentials(creds).clock(clock).build();
    }

    private CredentialStore env(String user) {
        return EnvCredentials.of(Map.of(EnvCredentials.prefixFor(registry.hostPort()) + "USERNAME", user,
                EnvCredentials.prefixFor(registry.hostPort()) + "PASSWORD", TokenAuthRegistry.PASSWORD));
    }

    @Test
    void pushListAndDeleteWithTokensFetchedOncePerScope() throws Exception {
        ImageRepository repo = ImageRepository.parse(registry.hostPort() + "/bearer/push");
        MutableClock clock = new MutableClock(Instant.now());
        try (RegistryClient c = client(env("alice"), clock)) {
            Manifest m = TestImages.push(c, repo, ImageTag.parse("v1"), Platform.parse("linux/amd64"), "bearer", false);
            c.putManifest(repo, ImageTag.parse("v2"), m.bytes(), m.mediaType());
            assertEquals("[v1, v2]", c.listTags(repo).toString());
            assertEquals("[v1, v2]", c.listTags(repo).toString());
            assertEquals(m.digest(), c.resolve(repo, ImageTag.parse("v2")).orElseThrow().digest());
            assertEquals(1, registry.tokenRequests("GET alice repository:bearer/push:pull,push"), registry.tokenRequests.toString());
            assertEquals(1, registry.tokenRequests("GET alice repository:bearer/push:pull"), registry.tokenRequests.toString());

            clock.advance(Duration.ofSeconds(400)); // past expires_in: fetched again before use, no 401 needed
            c.listTags(repo);
            assertEquals(2, registry.tokenRequests("GET alice repository:bearer/push:pull"), registry.tokenRequests.toString());

            c.deleteManifest(repo, m.digest());
            assertEquals(1, registry.tokenRequests("GET alice repository:bearer/push:delete"), registry.tokenRequests.toString());
            assertEquals("[]", c.listTags(repo).toString());
        }
    }

    @Test
    void identityTokenIsExchangedWithAnOAuthPost() throws Exception {
        ImageRepository repo = ImageRepository.parse(registry.hostPort() + "/bearer/identity");
        try (RegistryClient c = client(h -> java.util.Optional.of(RegistryCredential.identityToken(TokenAuthRegistry.REFRESH_TOKEN)),
                new MutableClock(Instant.now()))) {
            TestImages.push(c, repo, ImageTag.parse("v1"), Platform.parse("linux/amd64"), "identity", false);
            assertEquals("[v1]", c.listTags(repo).toString());
        }
        assertTrue(registry.tokenRequests.stream().anyMatch(r -> r.startsWith("POST alice repository:bearer/identity")), registry.tokenRequests.toString());
    }

    @Test
    void wrongPasswordIsUnauthorizedAndNeverEchoed() {
        String wrong = "not-the-" + TokenAuthRegistry.PASSWORD;
        CredentialStore bad = h -> java.util.Optional.of(new RegistryCredential("alice", wrong));
        try (RegistryClient c = client(bad, new MutableClock(Instant.now()))) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.listTags(ImageRepository.parse(registry.hostPort() + "/bearer/wrong")));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertFalse(e.getMessage().contains(wrong), e.getMessage());
            assertFalse(e.toString().contains(wrong));
            assertTrue(e.getMessage().contains("rejected the credentials"), e.getMessage());
        }
    }

    @Test
    void anonymousAccessIsRefusedWithAHint() {
        try (RegistryClient c = client(CredentialStore.anonymous(), new MutableClock(Instant.now()))) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> c.listTags(ImageRepository.parse(registry.hostPort() + "/bearer/anon")));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertTrue(e.getMessage().contains("no credentials configured"), e.getMessage());
        }
    }

    @Test
    void readOnlyCredentialsCannotPushAndSaySo() throws Exception {
        ImageRepository repo = ImageRepository.parse(registry.hostPort() + "/bearer/readonly");
        try (RegistryClient c = client(env("reader"), new MutableClock(Instant.now()))) {
            assertEquals("[]", c.listTags(repo).toString());
            RegistryException e = assertThrows(RegistryException.class, () -> c.pushBlob(repo, "x".getBytes()));
            assertEquals(ErrorCode.DENIED, e.code());
            assertTrue(e.getMessage().contains("do not grant repository:bearer/readonly:pull,push"), e.getMessage());
        }
    }

    @Test
    void debugLogsNeverCarrySecretsOrTokens() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.tagline.registry");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.setAdditive(false); // keep the build output quiet
        logger.addAppender(appender);
        try (RegistryClient c = client(env("alice"), new MutableClock(Instant.now()))) {
            ImageRepository repo = ImageRepository.parse(registry.hostPort() + "/bearer/logs");
            TestImages.push(c, repo, ImageTag.parse("v1"), Platform.parse("linux/amd64"), "logs", false);
            c.listTags(repo);
        } finally {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(before);
        }
        assertTrue(appender.list.size() > 5, "debug logging was captured");
        for (ch.qos.logback.classic.spi.ILoggingEvent e : appender.list) {
            String line = e.getFormattedMessage();
            assertFalse(line.contains(TokenAuthRegistry.PASSWORD), line);
            assertFalse(line.contains("eyJ"), line); // a JWT
            assertFalse(line.contains("Basic ") || line.contains("Bearer "), line);
        }
    }
}
