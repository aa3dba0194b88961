package dev.tagline.builder.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.support.Skopeo;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.EnvCredentials;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Base images pushed to the local registry with jib, and a registry that requires basic auth. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaseImageAndAuthIT {
    private static final Instant COMMIT_TIME = Instant.parse("2026-05-06T07:08:09Z");
    /** bcrypt of "pw" for user "tagline". */
    private static final String HTPASSWD = "tagline:$2b$12$f/Hb2/dua5CcJg5wX1c80.mGflPQ2FHHUE7R2nYKZrznk5YlZm0u6\n";
    private static final String PASSWORD = "pw";

    @TempDir
    static Path tmp;

    private LocalRegistry open;
    private LocalRegistry locked;
    private TestRepo repo;
    private String sha;

    @BeforeAll
    void start() throws Exception {
        open = LocalRegistry.shared();
        Path htpasswd = Files.createTempFile("htpasswd", "");
        Files.writeString(htpasswd, HTPASSWD);
        locked = LocalRegistry.builder().htpasswd(htpasswd).start();
        repo = GitRepos.create(Files.createTempDirectory("builder-base-repo"));
        sha = repo.commitAt("app", Map.of("app/run.sh", "#!/bin/sh\n", "dist/amd64/x", "amd64-bits\n", "dist/arm64/x", "arm64-bits\n"), COMMIT_TIME);
        pushBase(open.hostPort() + "/base/os:1");
    }

    @AfterAll
    void stop() {
        locked.close();
        repo.close();
    }

    /** A two-platform base (Docker manifest list) with one file and a label, pushed with jib from scratch. */
    private void pushBase(String reference) throws Exception {
        Path file = tmp.resolve("os-release");
        Files.writeString(file, "ID=tagline-test-os\n");
        LinkedHashSet<Platform> platforms = new LinkedHashSet<>(List.of(new Platform("amd64", "linux"), new Platform("arm64", "linux")));
        Jib.fromScratch()
                .addLayer(List.of(file), AbsoluteUnixPath.get("/etc"))
                .addLabel("org.example.base", "yes")
                .addEnvironmentVariable("BASE_PATH", "/usr/bin")
                .setCreationTime(Instant.parse("2026-01-01T00:00:00Z"))
                .setPlatforms(platforms)
                .setFormat(ImageFormat.Docker)
                .containerize(Containerizer.to(RegistryImage.named(reference)).setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(tmp.resolve("jib-base")).setApplicationLayersCache(tmp.resolve("jib-app")));
    }

    private BuildResult build(LocalRegistry registry, CredentialStore credentials, TagPlan plan) throws InterruptedException {
        Set<String> insecure = Set.of(open.hostPort(), locked.hostPort());
        try (RegistryClient client = RegistryClient.builder().credentials(credentials).insecureRegistries(insecure).build()) {
            BuilderConfig config = BuilderConfig.of(tmp.resolve("cache-" + plan.eventId()), insecure);
            return new VariantBuilder(config, new RegistryAccess(client, credentials, insecure), Clock.systemUTC())
                    .build(plan, plan.variants().get(0));
        }
    }

    private TagPlan onBase(String eventId, String image, List<String> platforms, String source) {
        VariantPlan v = variant("base", image, tags("1.0.0"), platforms,
                recipe(open.hostPort() + "/base/os:1", List.of(layer("app", source, "/app/")), null, entrypoint("/app/run.sh")),
                Map.of("org.opencontainers.image.revision", sha), Map.of());
        return plan(eventId, repo.uri(), sha, COMMIT_TIME, false, v);
    }

    @Test
    void singlePlatformImageOnABaseFromTheRegistryKeepsItsLayerAndLabels() throws Exception {
        BuildResult r = build(open, CredentialStore.anonymous(), onBase("e-base-1", open.hostPort() + "/acme/onbase", List.of("linux/arm64"), "app"));

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode inspect = Skopeo.inspect(open.hostPort() + "/acme/onbase:1.0.0");
        assertEquals("yes", inspect.path("Labels").path("org.example.base").asText());
        assertEquals(sha, inspect.path("Labels").path("org.opencontainers.image.revision").asText());
        assertEquals("arm64", inspect.path("Architecture").asText());
        assertEquals(2, inspect.path("Layers").size(), "base layer + app layer");
        assertEquals(COMMIT_TIME, Instant.parse(inspect.path("Created").asText()));
    }

    @Test
    void perPlatformFilesOnAMultiPlatformBaseGiveAnIndexOfTwoImages() throws Exception {
        BuildResult r = build(open, CredentialStore.anonymous(),
                onBase("e-base-2", open.hostPort() + "/acme/onbase-multi", List.of("linux/amd64", "linux/arm64"), "dist/{arch}"));

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode index = Skopeo.inspectRaw(open.hostPort() + "/acme/onbase-multi:1.0.0");
        assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText());
        for (JsonNode m : index.path("manifests")) {
            String arch = m.path("platform").path("architecture").asText();
            JsonNode config = Skopeo.inspectConfig(open.hostPort() + "/acme/onbase-multi@" + m.path("digest").asText());
            assertEquals(arch, config.path("architecture").asText());
            assertEquals("yes", config.path("config").path("Labels").path("org.example.base").asText());
        }
    }

    @Test
    void registryAnsweringUnauthorizedEndsFailedWithAClearMessage() throws Exception {
        BuildResult r = build(locked, CredentialStore.anonymous(),
                plan("e-401", repo.uri(), sha, COMMIT_TIME, false, variant("base", locked.hostPort() + "/acme/locked", tags("1.0.0"),
                        List.of("linux/amd64"), appRecipe(),
                        Map.of(), Map.of())));

        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().contains("401") || r.error().toLowerCase().contains("unauthorized"), r.error());
        assertTrue(r.error().contains(locked.hostPort()), r.error());
        assertFalse(r.error().contains("gave up after"), "401 is permanent, not retried: " + r.error());
    }

    @Test
    void basicAuthCredentialsFromTheEnvironmentArePassedToTheRegistryAndJib() throws Exception {
        String prefix = EnvCredentials.prefixFor(locked.hostPort());
        CredentialStore env = EnvCredentials.of(Map.of(prefix + "USERNAME", "tagline", prefix + "PASSWORD", PASSWORD));
        BuildResult r = build(locked, env,
                plan("e-basic", repo.uri(), sha, COMMIT_TIME, false, variant("base", locked.hostPort() + "/acme/locked", tags("1.0.0", "latest"),
                        List.of("linux/amd64"), appRecipe(),
                        Map.of(), Map.of())));

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        assertFalse(r.toString().contains(PASSWORD + "\""), "no secret in the result");
    }

    @Test
    void credentialsFromADockerCredentialHelperArePassedToTheRegistryAndJib() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("helper-bin"));
        Path helper = bin.resolve("docker-credential-tagline-test");
        Files.writeString(helper, """
                #!/bin/sh
                [ "$1" = get ] || exit 2
                read -r server
                [ "$server" = '%s' ] || { echo "credentials not found in native keychain"; exit 1; }
                printf '{"ServerURL":"%%s","Username":"tagline","Secret":"%s"}\n' "$server"
                """.formatted(locked.hostPort(), PASSWORD));
        Files.setPosixFilePermissions(helper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = tmp.resolve("helper-config.json");
        Files.writeString(config, "{\"credHelpers\": {\"" + locked.hostPort() + "\": \"tagline-test\"}}");
        CredentialStore fromHelper = dev.tagline.builder.registry.Credentials.standard(EnvCredentials.of(Map.of()), config, List.of(bin));

        BuildResult r = build(locked, fromHelper,
                plan("e-helper", repo.uri(), sha, COMMIT_TIME, false, variant("base", locked.hostPort() + "/acme/helper", tags("1.0.0"),
                        List.of("linux/amd64"), appRecipe(),
                        Map.of(), Map.of())));

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        assertFalse(r.toString().contains(PASSWORD + "\""), "no secret in the result");
    }
}
