package dev.tagline.builder.registry;

import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.EnvCredentials;
import dev.tagline.registry.RegistryCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Docker credential helpers, run for real: small executables speaking the {@code docker-credential-<name> get} protocol. */
class CredentialHelpersTest {
    @TempDir
    Path tmp;

    /** A helper that knows one server URL; it counts its runs in {@code <name>.calls}. */
    private Path helper(String name, String serverUrl, String username, String secret) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Path calls = tmp.resolve(name + ".calls");
        Files.writeString(script, """
                #!/bin/sh
                [ "$1" = get ] || exit 2
                echo x >> '%s'
                read -r server
                if [ "$server" = '%s' ]; then
                  printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}\\n' "$server"
                else
                  echo "credentials not found in native keychain"
                  exit 1
                fi
                """.formatted(calls, serverUrl, username, secret));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Path config(String json) throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    private int calls(String name) throws Exception {
        Path f = tmp.resolve(name + ".calls");
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void credHelpersNameAHelperPerRegistryAndCredsStoreServesTheOthers() throws Exception {
        Path bin = helper("ecr-login", "123.dkr.ecr.eu-west-1.amazonaws.com", "AWS", "ecr-secret");
        helper("desktop", "ghcr.io", "octo", "ghcr-secret");
        CredentialStore store = Credentials.standard(EnvCredentials.of(Map.of()), config("""
                {"credsStore": "desktop",
                 "credHelpers": {"123.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"},
                 "auths": {"ghcr.io": {}, "quay.io": {"auth": "cXVheS11c2VyOnF1YXktcHc="}}}
                """), List.of(bin));

        assertEquals(new RegistryCredential("AWS", "ecr-secret"), store.forRegistry("123.dkr.ecr.eu-west-1.amazonaws.com").orElseThrow());
        assertEquals(new RegistryCredential("octo", "ghcr-secret"), store.forRegistry("ghcr.io").orElseThrow());
        // the store has nothing for quay.io (exit 1): the config's auths answer
        assertEquals("quay-user", store.forRegistry("quay.io").orElseThrow().username());
        assertEquals(Optional.empty(), store.forRegistry("registry.example.com"));
    }

    @Test
    void anIdentityTokenComesBackAsOneAndAnswersAreCached() throws Exception {
        Path bin = helper("gcloud", "gcr.io", "<token>", "refresh-token");
        CredentialHelpers helpers = CredentialHelpers.fromDockerConfig(config("{\"credHelpers\": {\"https://gcr.io\": \"gcloud\"}}"),
                List.of(bin)).orElseThrow();

        RegistryCredential c = helpers.forRegistry("gcr.io").orElseThrow();
        assertTrue(c.isIdentityToken());
        assertEquals("refresh-token", c.secret());
        helpers.forRegistry("gcr.io");
        assertEquals(1, calls("gcloud"), "the second lookup came from the cache");
    }

    @Test
    void dockerHubIsAskedByTheUrlDockerUsesForIt() throws Exception {
        Path bin = helper("desktop", "https://index.docker.io/v1/", "hub-user", "hub-secret");
        CredentialHelpers helpers = CredentialHelpers.fromDockerConfig(config("{\"credsStore\": \"desktop\"}"), List.of(bin)).orElseThrow();
        assertEquals("hub-user", helpers.forRegistry("registry-1.docker.io").orElseThrow().username());
    }

    @Test
    void aMissingHelperOrAConfigWithoutHelpersGivesNothing() throws Exception {
        assertEquals(Optional.empty(), CredentialHelpers.fromDockerConfig(config("{\"auths\": {}}"), List.of(tmp)));
        CredentialHelpers absent = CredentialHelpers.fromDockerConfig(config("{\"credsStore\": \"nowhere\"}"), List.of(tmp)).orElseThrow();
        assertEquals(Optional.empty(), absent.forRegistry("ghcr.io"));
        CredentialHelpers badName = CredentialHelpers.fromDockerConfig(config("{\"credsStore\": \"../../bin/sh\"}"), List.of(tmp)).orElseThrow();
        assertEquals(Optional.empty(), badName.forRegistry("ghcr.io"));
    }
}
