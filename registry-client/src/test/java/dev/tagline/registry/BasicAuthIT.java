package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Basic auth against a real Distribution with an htpasswd file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BasicAuthIT {
    /** Distribution only reads bcrypt htpasswd; this line was made once (cost 4) for {@link #PASSWORD}. */
    private static final String HTPASSWD = "alice:$2b$04$UCw0yN.c4jKxZ7wnY77QUeb91md8JgYR0d.a.YidGsfktzi8LSKgG\n";
    private static final String PASSWORD = "wonderland-secret";

    private LocalRegistry registry;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, HTPASSWD);
        registry = LocalRegistry.builder().htpasswd(file).start();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private RegistryClient client(CredentialStore creds) {
        return RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).credentials(creds).build();
    }

    @Test
    void environmentCredentialsPushAndList() throws Exception {
        ImageRepository repo = ImageRepository.parse(registry.hostPort() + "/basic/env");
        String prefix = EnvCredentials.prefixFor(registry.hostPort());
        try (RegistryClient c = client(EnvCredentials.of(Map.of(prefix + "USERNAME", "alice", prefix + "PASSWORD", PASSWORD)))) {
            Manifest m = TestImages.push(c, repo, ImageTag.parse("v1"), Platform.parse("linux/amd64"), "basic", false);
            assertEquals("[v1]", c.listTags(repo).toString());
            assertEquals(m.digest(), c.getManifest(repo, ImageTag.parse("v1")).digest());
        }
        String raw = TestImages.skopeo("inspect", "--raw", "--tls-verify=false", "--creds", "alice:" + PASSWORD,
                "docker://" + repo.withTag(ImageTag.parse("v1")));
        assertTrue(raw.contains("\"schemaVersion\":2"), raw);
    }

    @Test
    void dockerConfigCredentialsWork(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"http://" + registry.hostPort() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        try (RegistryClient c = client(DockerConfigCredentials.load(config))) {
            assertEquals("[]", c.listTags(ImageRepository.parse(registry.hostPort() + "/basic/none-yet")).toString());
        }
    }

    @Test
    void noCredentialsIsOneClearUnauthorizedError() {
        try (RegistryClient c = client(CredentialStore.anonymous())) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.listTags(ImageRepository.parse(registry.hostPort() + "/basic/x")));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertEquals(401, e.status());
            assertFalse(e.transientFailure());
            assertTrue(e.getMessage().contains(EnvCredentials.prefixFor(registry.hostPort()) + "USERNAME"), e.getMessage());
        }
    }

    @Test
    void wrongPasswordIsUnauthorizedAndNeverEchoed() {
        String wrong = "wrong-" + PASSWORD;
        try (RegistryClient c = client(h -> Optional.of(new RegistryCredential("alice", wrong)))) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.listTags(ImageRepository.parse(registry.hostPort() + "/basic/x")));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertTrue(e.getMessage().contains("rejected the credentials"), e.getMessage());
            assertFalse(e.getMessage().contains(wrong));
        }
    }
}
