package dev.tagline.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {
    private static final String SECRET = "s3cr3t-P@ss";

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void credentialToStringMasksTheSecret() {
        RegistryCredential c = new RegistryCredential("alice", SECRET);
        assertFalse(c.toString().contains(SECRET));
        assertTrue(c.toString().contains("alice"));
        assertEquals("Basic " + b64("alice:" + SECRET), c.basicAuthorization());
    }

    @Test
    void dockerConfigReadsAuthUsernamePasswordAndIdentityToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"auths": {
                  "https://index.docker.io/v1/": {"auth": "%s"},
                  "127.0.0.1:5000": {"username": "bob", "password": "%s"},
                  "http://ghcr.io/v2/": {"identitytoken": "refresh-xyz"},
                  "empty.example": {}
                 },
                 "credsStore": "desktop"}
                """.formatted(b64("alice:" + SECRET + ":with-colon"), SECRET));
        DockerConfigCredentials store = DockerConfigCredentials.load(file);
        assertEquals(Optional.of(new RegistryCredential("alice", SECRET + ":with-colon")), store.forRegistry("docker.io"));
        assertEquals(store.forRegistry("docker.io"), store.forRegistry("registry-1.docker.io"));
        assertEquals(Optional.of(new RegistryCredential("bob", SECRET)), store.forRegistry("127.0.0.1:5000"));
        RegistryCredential token = store.forRegistry("GHCR.io").orElseThrow();
        assertTrue(token.isIdentityToken());
        assertEquals("refresh-xyz", token.secret());
        assertTrue(store.forRegistry("empty.example").isEmpty());
        assertTrue(store.forRegistry("127.0.0.1:5001").isEmpty());
        assertFalse(store.toString().contains(SECRET));
    }

    @Test
    void missingDockerConfigIsEmpty(@TempDir Path dir) {
        assertTrue(DockerConfigCredentials.load(dir.resolve("nope.json")).registries().isEmpty());
    }

    @Test
    void brokenDockerConfigNamesTheFileAndEntryButNotTheSecret(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"auths\": {\"r.example\": {\"auth\": \"" + b64(SECRET) + "\"}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DockerConfigCredentials.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("auths[\"r.example\"].auth must decode to user:password"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));

        Files.writeString(file, "{\"auths\": {\"r.example\": {\"auth\": \"%%%\"}}}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerConfigCredentials.load(file)).getMessage().contains("base64"));
        Files.writeString(file, "{\"auths\": [");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerConfigCredentials.load(file)).getMessage().contains("not valid JSON"));
        Files.writeString(file, "{\"auths\": {\"r\": \"x\"}}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerConfigCredentials.load(file)).getMessage().contains("must be an object"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://index.docker.io/v1/,docker.io",
            "index.docker.io,docker.io",
            "http://127.0.0.1:5000/v2/,127.0.0.1:5000",
            "Registry.Example.com:443,registry.example.com:443",
            "ghcr.io/acme,ghcr.io",
    })
    void dockerConfigKeysAreNormalized(String key, String host) {
        assertEquals(host, DockerConfigCredentials.normalizeHost(key));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"ghcr.io,TAGLINE_REGISTRY_GHCR_IO_", "127.0.0.1:5000,TAGLINE_REGISTRY_127_0_0_1_5000_", "my-reg.example:8443,TAGLINE_REGISTRY_MY_REG_EXAMPLE_8443_"})
    void envVariableNamesComeFromTheHost(String host, String prefix) {
        assertEquals(prefix, EnvCredentials.prefixFor(host));
    }

    @Test
    void envCredentialsNeedAPassword() {
        EnvCredentials env = EnvCredentials.of(Map.of(
                "TAGLINE_REGISTRY_GHCR_IO_USERNAME", "alice", "TAGLINE_REGISTRY_GHCR_IO_PASSWORD", SECRET,
                "TAGLINE_REGISTRY_A_EXAMPLE_USERNAME", "only-user",
                "TAGLINE_REGISTRY_B_EXAMPLE_PASSWORD", "tok"));
        assertEquals(Optional.of(new RegistryCredential("alice", SECRET)), env.forRegistry("ghcr.io"));
        assertTrue(env.forRegistry("a.example").isEmpty());
        assertTrue(env.forRegistry("b.example").orElseThrow().isIdentityToken());
        assertFalse(env.toString().contains(SECRET));
    }

    @Test
    void firstStoreThatKnowsTheRegistryWins() {
        CredentialStore a = h -> h.equals("x") ? Optional.of(new RegistryCredential("a", "1")) : Optional.empty();
        CredentialStore b = h -> Optional.of(new RegistryCredential("b", "2"));
        CredentialStore both = CredentialStore.firstOf(a, b);
        assertEquals("a", both.forRegistry("x").orElseThrow().username());
        assertEquals("b", both.forRegistry("y").orElseThrow().username());
        assertTrue(CredentialStore.anonymous().forRegistry("x").isEmpty());
    }
}
