package dev.tagline.deploy.containers;

import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One tag through the service containers: a Git repository with {@code v1.0.0} that the listener
 * polls, the release policy the planner and the pruner read, and the listener's configuration, all
 * in one directory the containers see at the same path (read-only).
 */
record TagFlow(Path dir, ImageRepository image) {
    static final String TAG = "1.0.0";

    static TagFlow prepare(Path dir, String registryHostPort) throws IOException {
        Path repoDir = dir.resolve("repo");
        String cloneUrl;
        try (TestRepo repo = GitRepos.create(repoDir)) {
            repo.commit("hello", Map.of("app/hello.txt", "hello from a container-built image\n"));
            repo.tag("v" + TAG);
            cloneUrl = repo.uri();
        }
        ImageRepository image = ImageRepository.of(registryHostPort, "flow/hello");
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("policies/hello.yml"), """
                repository: %s
                images:
                  - %s
                tags:
                  - type=semver,pattern={{version}}
                  - type=sha
                on:
                  tags: ["v*"]
                platforms: [linux/amd64]
                recipe:
                  base: scratch
                  layers:
                    - name: app
                      source: app
                      target: /app
                retention:
                  candidates: ["sha-*"]
                  keepLast: 5
                """.formatted(RepositoryId.fromCloneUrl(cloneUrl).value(), image.value()));
        Files.writeString(dir.resolve("listener.yml"), """
                tagline:
                  repositories:
                    flow:
                      clone-url: %s
                      poll-interval: 1s
                """.formatted(cloneUrl));
        // the services run as uid 65532: everything here must be readable by others
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return new TagFlow(dir, image);
    }

    /** What each container needs to find its part (the same for all four: each reads its own keys). */
    Map<String, String> environment() {
        return Map.of(
                "MICRONAUT_CONFIG_FILES", dir.resolve("listener.yml").toString(),
                "TAGLINE_PLANNER_POLICY_DIR", dir.resolve("policies").toString(),
                "TAGLINE_PRUNER_POLICY_DIR", dir.resolve("policies").toString(),
                "TAGLINE_PRUNER_DEBOUNCE", "1s");
    }

    void awaitImageAndAudit(LocalRegistry registry, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
            while (client.resolve(image, ImageTag.parse(TAG)).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, image.withTag(ImageTag.parse(TAG)) + " did not appear within " + timeout);
                Thread.sleep(500);
            }
            assertTrue(client.listTags(image).stream().anyMatch(t -> t.value().startsWith("sha-")), "and its sha-* tag");
        }
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        boolean audited = !KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                r -> Topics.PRUNE_AUDIT.decode(r.value()).image().equals(image), 1, left).isEmpty();
        assertTrue(audited, "the pruner container audited a retention run of " + image);
    }
}
