package dev.tagline.deploy.demo;

import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.FreePorts;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.TestFiles;
import dev.tagline.testkit.TestRepo;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Releases from Conventional Commits through the whole pipeline, as a user runs it ({@code ./tagline up
 * --policies DIR --listener-config FILE}: a real broker, a real registry, the four services as
 * processes): a {@code feat:} pushed to main after v1.2.3 becomes the Git tag v1.3.0 with its changelog
 * and the images 1.3.0, 1.3, 1, latest; a {@code fix:} on release/1.x becomes v1.1.5 and leaves latest.
 */
class ReleaseE2E {
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final Path home = root.resolve("deploy/target/release-e2e-home");

    @Test
    void aFeatOnMainIsReleasedAsV130AndAFixOnReleaseOneXAsV115WithoutLatest() throws Exception {
        TestFiles.deleteTree(home);
        Files.createDirectories(home.resolve("policies"));
        Map<String, String> ports = new HashMap<>();
        for (String name : List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "REGISTRY_PORT", "LISTENER_PORT", "PLANNER_PORT", "BUILDER_PORT",
                "PRUNER_PORT")) {
            ports.put(name, Integer.toString(FreePorts.find()));
        }
        String registry = "127.0.0.1:" + ports.get("REGISTRY_PORT");
        try (TestRepo repo = GitRepos.create(home.resolve("shop"))) {
            repo.commit("chore: init", Map.of("app/hello.txt", "1.1.4"));
            repo.annotatedTag("v1.1.4", "1.1.4");
            String base114 = repo.head();
            repo.commit("feat: greet", Map.of("app/hello.txt", "1.2.3"));
            repo.annotatedTag("v1.2.3", "1.2.3");
            repo.git().branchCreate().setName("release/1.x").setStartPoint(base114).setForce(true).call();
            String id = dev.tagline.schema.value.RepositoryId.fromCloneUrl(repo.uri()).value();
            Files.writeString(home.resolve("policies/shop.yml"), """
                    repository: %s
                    images: [%s/e2e/shop]
                    tags:
                      - type=semver,pattern={{version}}
                      - type=semver,pattern={{major}}.{{minor}}
                      - type=semver,pattern={{major}}
                    on:
                      tags: ["v*"]
                      branches: []
                    recipe:
                      base: scratch
                      layers:
                        - {name: app, source: app, target: /app}
                    release:
                      branches: [main, release/1.x]
                    """.formatted(id, registry));
            Files.writeString(home.resolve("listener.yml"), """
                    tagline:
                      listener:
                        release:
                          repositories: [%s]
                      repositories:
                        shop:
                          clone-url: %s
                          poll-interval: 1s
                          branches: [main, "release/*"]
                    """.formatted(id, repo.uri()));
            ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("deploy/local/up.sh").toString(), "--policies",
                    home.resolve("policies").toString(), "--listener-config", home.resolve("listener.yml").toString(), "--home",
                    home.resolve("run").toString()).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(home.resolve("up.log").toFile());
            pb.environment().putAll(ports);
            Process up = pb.start();
            ImageRepository image = ImageRepository.of(registry, "e2e/shop");
            try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry)).build()) {
                Digest v123 = await(client, image, "1.2.3");
                // v1.1.4 and v1.2.3 build at once; a plan's floating tags move after its version tag, in plan order, so
                // latest may still be v1.1.4's when 1.2.3 appears: it must get to v1.2.3 (awaitDigest fails after 3 minutes)
                awaitDigest(client, image, "latest", v123);

                String feat = repo.commit("feat(api): search\n\nSearch by name.", Map.of("app/hello.txt", "1.3.0"));
                Digest v130 = await(client, image, "1.3.0");
                for (String floating : List.of("1.3", "1", "latest")) {
                    awaitDigest(client, image, floating, v130);
                }
                RevTag tag = annotated(repo, "v1.3.0");
                assertEquals(feat, tag.getObject().name());
                assertTrue(tag.getFullMessage().startsWith("## v1.3.0\n\n### Features\n\n* **api:** search (" + feat.substring(0, 7) + ")"),
                        tag.getFullMessage());

                repo.checkout("release/1.x");
                String fix = repo.commit("fix: backport the npe fix", Map.of("app/hello.txt", "1.1.5"));
                Digest v115 = await(client, image, "1.1.5");
                awaitDigest(client, image, "1.1", v115);
                assertEquals(fix, annotated(repo, "v1.1.5").getObject().name());
                assertEquals(v130, client.resolve(image, ImageTag.parse("latest")).orElseThrow().digest(), "latest stays on 1.3.0");
                assertEquals(v130, client.resolve(image, ImageTag.parse("1")).orElseThrow().digest(), "1 stays on 1.3.0");
                assertNotEquals(v115, v130);
            } finally {
                up.destroy();
                if (!up.waitFor(60, TimeUnit.SECONDS)) {
                    up.destroyForcibly();
                }
            }
        }
    }

    private static RevTag annotated(TestRepo repo, String name) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var ref = repo.git().getRepository().exactRef("refs/tags/" + name);
            if (ref != null) {
                try (RevWalk walk = new RevWalk(repo.git().getRepository())) {
                    return walk.parseTag(ref.getObjectId());
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no tag " + name);
    }

    private static Digest await(RegistryClient client, ImageRepository image, String tag) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<Digest> d = client.resolve(image, ImageTag.parse(tag)).map(x -> x.digest());
                if (d.isPresent()) {
                    return d.get();
                }
            } catch (Exception notYet) {
                // the registry or the repository is not there yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no " + image + ":" + tag + " within " + WAIT);
    }

    private static void awaitDigest(RegistryClient client, ImageRepository image, String tag, Digest expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<Digest> d = Optional.empty();
        while (System.nanoTime() < deadline) {
            d = client.resolve(image, ImageTag.parse(tag)).map(x -> x.digest());
            if (d.isPresent() && d.get().equals(expected)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(image + ":" + tag + " is " + d + ", expected " + expected);
    }
}
