package dev.tagline.deploy.demo;

import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestFiles;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ref planned and built without Kafka, as a user does it with the launcher: {@code ./tagline plan ... --output
 * tag-plan} writes the plan the planner would publish, {@code ./tagline build PLAN} builds and pushes it into a real
 * registry. The same commands again give the same plan, byte for byte, and the same digest; so does the plan read from
 * the checkout itself ({@code --git}).
 */
class PlanToBuildE2E {
    private final Path root = Path.of("").toAbsolutePath().getParent();

    record Run(int exit, String out, String err) {
    }

    @Test
    void aTagPlannedOnTheCommandLineIsBuiltAndTheSameCommandsGiveTheSameDigest(@TempDir Path dir) throws Exception {
        String registry = LocalRegistry.shared().hostPort();
        try (TestRepo repo = GitRepos.create(dir.resolve("shop"))) {
            Instant committed = Instant.parse("2026-03-01T10:00:00Z");
            String sha = repo.commitAt("feat: hello", Map.of("app/hello.txt", "hello\n"), committed);
            repo.tag("v2.0.1");
            String id = RepositoryId.fromCloneUrl(repo.uri()).value();
            Path policy = Files.writeString(dir.resolve("shop.yml"), """
                    repository: %s
                    images: [%s/cli-e2e/shop]
                    tags:
                      - type=semver,pattern={{version}}
                      - type=semver,pattern={{major}}.{{minor}}
                      - type=sha
                    recipe:
                      base: scratch
                      layers:
                        - {name: app, source: app, target: /app}
                    """.formatted(id, registry));
            List<String> plan = List.of("plan", "--policy", policy.toString(), "--ref", "refs/tags/v2.0.1", "--sha", sha,
                    "--commit-time", committed.toString(), "--clone-url", repo.uri(), "--output", "tag-plan");
            Run planned = tagline(plan);
            assertEquals(0, planned.exit(), planned.err());
            Path planFile = Files.writeString(dir.resolve("plan.json"), planned.out());
            List<String> build = List.of("build", planFile.toString(), "--insecure-registry", registry, "--cache-dir",
                    dir.resolve("cache").toString(), "--no-sbom");
            Run built = tagline(build);
            assertEquals(0, built.exit(), built.out() + built.err());
            assertTrue(built.out().contains("SUCCEEDED"), built.out());

            ImageRepository image = ImageRepository.parse(registry + "/cli-e2e/shop");
            try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry)).build()) {
                Digest digest = client.resolve(image, ImageTag.parse("2.0.1")).orElseThrow().digest();
                for (String tag : List.of("2.0", "sha-" + sha.substring(0, 7))) {
                    assertEquals(digest, client.resolve(image, ImageTag.parse(tag)).orElseThrow().digest(), tag);
                }

                Run again = tagline(plan);
                assertEquals(planned.out(), again.out(), "the same flags give the same plan, byte for byte");
                TestFiles.deleteTree(dir.resolve("cache"));
                Run rebuilt = tagline(build);
                assertEquals(0, rebuilt.exit(), rebuilt.out() + rebuilt.err());
                assertEquals(digest, client.resolve(image, ImageTag.parse("2.0.1")).orElseThrow().digest(),
                        "the same commit gives the same image, from a cold cache");

                // the checkout itself, detached at the tag: ref, commit and commit time read with --git, fetched from it
                repo.git().checkout().setName("refs/tags/v2.0.1").call();
                Run fromCheckout = tagline(List.of("plan", "--policy", policy.toString(), "--git", repo.dir().toString(), "--output", "tag-plan"));
                assertEquals(0, fromCheckout.exit(), fromCheckout.err());
                Path checkoutPlan = Files.writeString(dir.resolve("checkout-plan.json"), fromCheckout.out());
                Run builtFromCheckout = tagline(List.of("build", checkoutPlan.toString(), "--insecure-registry", registry, "--cache-dir",
                        dir.resolve("cache-2").toString(), "--no-sbom", "--output", "json"));
                assertEquals(0, builtFromCheckout.exit(), builtFromCheckout.out() + builtFromCheckout.err());
                assertTrue(builtFromCheckout.out().contains(digest.value()), "the same image: " + builtFromCheckout.out());
            }
        }
    }

    /** {@code ./tagline ARGS} from the repository root, stdout and stderr apart. */
    private Run tagline(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("tagline").toString()));
        command.addAll(args);
        Path out = Files.createTempFile("tagline-out", ".txt");
        Path err = Files.createTempFile("tagline-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
