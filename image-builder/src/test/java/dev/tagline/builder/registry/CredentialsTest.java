package dev.tagline.builder.registry;

import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.DockerConfigCredentials;
import dev.tagline.registry.EnvCredentials;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CredentialsTest {
    @TempDir
    Path tmp;

    private CredentialStore dockerConfig() throws Exception {
        String auth = Base64.getEncoder().encodeToString("docker-user:docker-pw".getBytes(StandardCharsets.UTF_8));
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + auth + "\"},\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"}}}");
        return DockerConfigCredentials.load(file);
    }

    @Test
    void environmentWinsOverTheDockerConfig() throws Exception {
        CredentialStore env = EnvCredentials.of(Map.of("TAGLINE_REGISTRY_GHCR_IO_USERNAME", "env-user", "TAGLINE_REGISTRY_GHCR_IO_PASSWORD", "env-pw"));
        CredentialStore chain = Credentials.chain(List.of(env, dockerConfig()));
        assertEquals("env-user", chain.forRegistry("ghcr.io").orElseThrow().username());
    }

    @Test
    void theDockerConfigAnswersWhatTheEnvironmentDoesNotKnow() throws Exception {
        CredentialStore chain = Credentials.chain(List.of(EnvCredentials.of(Map.of()), dockerConfig()));
        assertEquals("docker-user", chain.forRegistry("ghcr.io").orElseThrow().username());
        assertEquals(Optional.empty(), chain.forRegistry("quay.io"));
    }

    @Test
    void jibsNameForDockerHubFindsDockerHubCredentials() throws Exception {
        try (RegistryClient client = RegistryClient.builder().build()) {
            RegistryAccess access = new RegistryAccess(client, dockerConfig(), Set.of());
            Optional<RegistryCredential> c = access.credentialFor("registry-1.docker.io");
            assertEquals("docker-user", c.orElseThrow().username());
        }
    }

    @Test
    void credentialsNeverPrintTheirSecret() throws Exception {
        RegistryCredential c = dockerConfig().forRegistry("ghcr.io").orElseThrow();
        assertFalse(c.toString().contains("docker-pw"), c.toString());
    }
}
