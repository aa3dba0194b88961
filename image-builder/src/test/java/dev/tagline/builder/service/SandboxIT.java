package dev.tagline.builder.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.builder.support.Skopeo;
import dev.tagline.schema.event.BuildCommand;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.CodeTrust;
import dev.tagline.schema.event.SandboxGrants;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 against the real registry and a real Git repository: a build command cannot reach the
 * builder's Docker config, Git credentials or signing key, the registry's port, the host outside its
 * checkout, or more processes than its limit; each attempt fails and says why, and no secret reaches a
 * result, a log or an image. Legitimate commands still build. A fork's pull request gets a preview image
 * in the preview repository, unsigned, and no release tag moves.
 */
class SandboxIT extends LocalRegistryBuilds {
    private static final Instant COMMIT_TIME = Instant.parse("2026-05-06T07:08:09Z");
    private static final String SECRET = "tagline-" + "secret-must-not-leak-0457";

    private String sha;
    private Path builderHome;
    private Path dockerConfig;
    private Path gitCredentials;
    private Path signingKey;
    private Path cache;
    private VariantBuilder builder;

    @BeforeAll
    void start() throws IOException {
        Path root = Files.createTempDirectory("sandbox-it");
        builderHome = Files.createDirectories(root.resolve("builder-home"));
        dockerConfig = builderHome.resolve(".docker/config.json");
        Files.createDirectories(dockerConfig.getParent());
        // credentials for another registry: the test registry stays anonymous
        Files.writeString(dockerConfig, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + SECRET + "\"}}}");
        gitCredentials = builderHome.resolve(".git-credentials");
        Files.writeString(gitCredentials, "https://bot:" + SECRET + "@github.com\n");
        signingKey = Files.createDirectories(root.resolve("keys")).resolve("cosign.key");
        Files.writeString(signingKey, "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n" + SECRET + "\n");
        cache = root.resolve("cache");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/run.sh", "#!/bin/sh\necho hello\n");
        files.put("build.sh", "mkdir -p out && echo generated-by-build > out/gen.txt && cp app/run.sh out/\n");
        sha = repo.commitAt("app", files, COMMIT_TIME);
        BuilderConfig config = new BuilderConfig(cache, 2, BuilderConfig.DEFAULT_TOOL_NAME, BuilderConfig.DEFAULT_TOOL_VERSION,
                List.of(host), dockerConfig, 1, java.time.Duration.ofMillis(100), java.time.Duration.ofMinutes(5));
        SandboxConfig sandbox = SandboxConfig.defaults().withLimits(64, 16).protecting(List.of(builderHome, signingKey.getParent()));
        builder = new VariantBuilder(config, VariantBuilder.sandboxFor(config, sandbox), access(), new PushLocks(), Clock.systemUTC());
    }

    private BuildResult build(TagPlan plan) throws InterruptedException {
        return buildAndFinish(builder, plan);
    }

    private VariantPlan withCommand(String image, List<String> tags, BuildCommand command) {
        return variant("base", host + "/" + image, tags, List.of("linux/amd64"),
                recipe("scratch", List.of(layer("out", "out", "/out")), command, entrypoint("/out/run.sh")), Map.of(), Map.of());
    }

    private static BuildCommand sh(String script) {
        return new BuildCommand(List.of("bash", "-c", script), 60, null);
    }

    Stream<Arguments> attempts() {
        return Stream.of(
                Arguments.of("docker-config", "mkdir -p out; cat " + dockerConfig + " > out/leak", "No such file or directory"),
                Arguments.of("home-docker-config", "cat $(getent passwd 0 | cut -d: -f6)/.docker/config.json ~/.docker/config.json",
                        "No such file or directory"),
                Arguments.of("git-credentials", "cat " + gitCredentials, "No such file or directory"),
                Arguments.of("signing-key", "cat " + signingKey, "No such file or directory"),
                // the sandbox's own loopback: nothing listens there, the host's is another network namespace
                Arguments.of("registry-port", "exec 3<>/dev/tcp/" + host.replace(':', '/') + " && echo REACHED-\"\"REGISTRY",
                        "Connection refused"),
                Arguments.of("write-outside", "echo x > " + cache + "/escaped", "No such file or directory"),
                Arguments.of("write-system", "echo x > /usr/escaped", "Read-only file system"),
                Arguments.of("fork-bomb", "bomb() { bomb | bomb & }; bomb; wait; sleep 1; exit 1", "Resource temporarily unavailable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void eachAttemptFailsAndTheResultSaysWhy(String name, String script, String why) throws Exception {
        String image = "attack/" + name;
        BuildResult r = build(plan("e-attack-" + name, repo.uri(), sha, COMMIT_TIME, false,
                withCommand(image, tags("1.0.0"), sh(script + "; exit 1"))));
        assertEquals(BuildStatus.FAILED, r.status(), name);
        assertTrue(r.error().contains(why), name + ": " + r.error());
        assertTrue(r.error().contains("sandboxed: no network"), name + ": " + r.error());
        assertFalse(r.error().contains(SECRET), name + " leaked into the result");
        assertFalse(r.error().contains("REACHED-REGISTRY"), r.error());
        assertTrue(client.listTags(ImageRepository.parse(host + "/" + image)).isEmpty(), "nothing was pushed");
        assertFalse(Files.exists(cache.resolve("escaped")));
        assertFalse(Files.exists(Path.of("/usr/escaped")));
    }

    @Test
    void aCommandThatSucceedsAnywayPutsNoSecretIntoTheImage() throws Exception {
        String script = String.join("; ", "mkdir -p out", "cp app/run.sh out/",
                "for f in " + dockerConfig + " " + gitCredentials + " " + signingKey + " /root/.docker/config.json; do cat $f >> out/loot 2>&1; done",
                "env >> out/loot", "ls -la / /etc /home >> out/loot 2>&1", "true");
        BuildResult r = build(plan("e-loot", repo.uri(), sha, COMMIT_TIME, false, withCommand("attack/loot", tags("1.0.0"), sh(script))));
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode m = Skopeo.inspectRaw(host + "/attack/loot:1.0.0");
        String layer = VariantBuilderIT.layerText(image("attack/loot"), m.path("layers").get(0).path("digest").asText());
        assertTrue(layer.contains("No such file or directory"), "the attempts are in the image, failed");
        assertFalse(layer.contains(SECRET), "no secret in the image");
        assertFalse(layer.contains("TAGLINE_"), "no builder variable in the image");
    }

    @Test
    void theLegitimateBuildStillWorks() throws Exception {
        BuildResult r = build(plan("e-legit", repo.uri(), sha, COMMIT_TIME, false,
                withCommand("legit/app", tags("1.0.0", "latest"), new BuildCommand(List.of("sh", "build.sh"), 60, Map.of("CI", "true")))));
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode m = Skopeo.inspectRaw(host + "/legit/app:1.0.0");
        String layer = VariantBuilderIT.layerText(image("legit/app"), m.path("layers").get(0).path("digest").asText());
        assertTrue(layer.contains("generated-by-build"), layer);
    }

    /** A plan as the planner writes it for a fork's pull request: untrusted, the preview repository, the pr tag. */
    private TagPlan forkPullRequest(String eventId, String image, VariantPlan v) {
        return new TagPlan(TaglineEvent.CURRENT_SCHEMA_VERSION, TagPlan.idFor(eventId, "policy-1"), eventId,
                RepositoryId.of("example.com/acme/app"), repo.uri(), GitRef.parse("refs/pull/42/head"), CommitSha.parse(sha), COMMIT_TIME,
                null, null, "policy-1", false, List.of(v), CodeTrust.untrusted("pull request 42 from fork eve/app", "-pr"));
    }

    /** A trusted release of {@code name} (1.0.0 and latest) with the legitimate build; the digest latest points at. */
    private Digest release(String eventId, String name) throws Exception {
        BuildResult released = build(plan(eventId, repo.uri(), sha, COMMIT_TIME, false,
                withCommand(name, tags("1.0.0", "latest"), new BuildCommand(List.of("sh", "build.sh"), 60, null))));
        assertEquals(BuildStatus.SUCCEEDED, released.status(), released.error());
        return digestOf(name, "latest").orElseThrow();
    }

    @Test
    void aForksPullRequestGetsAPreviewImageAndNoReleaseTagMoves() throws Exception {
        ImageRepository release = image("release/app");
        Digest latest = release("e-release", "release/app");
        List<ImageTag> releaseTags = client.listTags(release);

        // the fork's command also tries the network the recipe grants: untrusted code never gets it
        BuildCommand prCommand = new BuildCommand(List.of("bash", "-c", "sh build.sh && echo pr-change >> out/gen.txt; "
                + "(exec 3<>/dev/tcp/" + host.replace(':', '/') + ") 2>> out/net.txt || echo no-network >> out/net.txt"), 60, null,
                new SandboxGrants(List.of(), true));
        TagPlan pr = forkPullRequest("e-pr-42", "release/app-pr", withCommand("release/app-pr", tags("pr-42"), prCommand));
        assertFalse(pr.trusted());
        BuildResult preview = build(pr);

        assertEquals(BuildStatus.SUCCEEDED, preview.status(), preview.error());
        ImageRepository previewRepo = image("release/app-pr");
        assertEquals(preview.digest(), client.resolve(previewRepo, ImageTag.parse("pr-42")).orElseThrow().digest());
        String layer = VariantBuilderIT.layerText(previewRepo,
                Skopeo.inspectRaw(host + "/release/app-pr:pr-42").path("layers").get(0).path("digest").asText());
        assertTrue(layer.contains("pr-change") && layer.contains("no-network"), layer);
        assertEquals(latest, client.resolve(release, ImageTag.parse("latest")).orElseThrow().digest(), "latest did not move");
        assertEquals(Set.copyOf(releaseTags), Set.copyOf(client.listTags(release)), "no tag added to the release repository");
        assertTrue(client.listTags(previewRepo).stream().noneMatch(t -> t.value().endsWith(".sig") || t.value().endsWith(".att")),
                "unsigned: " + client.listTags(previewRepo));
    }

    @Test
    void anUntrustedPlanAimedAtTheReleaseRepositoryIsRefusedBeforeAnythingRuns() throws Exception {
        ImageRepository release = image("guarded/app");
        Digest latest = release("e-guarded", "guarded/app");

        TagPlan bad = forkPullRequest("e-pr-bad", "guarded/app", withCommand("guarded/app", tags("latest"),
                new BuildCommand(List.of("sh", "-c", "touch out/ran"), 60, null)));
        BuildResult r = build(bad);
        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().contains("may only go to preview repositories (name ending in '-pr'), not " + release), r.error());
        assertEquals(latest, client.resolve(release, ImageTag.parse("latest")).orElseThrow().digest(), "latest did not move");
    }
}
