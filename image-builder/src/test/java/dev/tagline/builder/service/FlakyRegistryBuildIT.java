package dev.tagline.builder.service;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.FlakyProxy;
import dev.tagline.testkit.FlakyProxy.Fault;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A build pushed through a load balancer that refuses one request in five (503) and loses the answer of one in seven
 * (502 after the registry acted): it succeeds, every tag names the image, and the image is the one the same plan gives
 * straight to the registry (same commit, same digest); the SBOM is attached once.
 */
class FlakyRegistryBuildIT extends LocalRegistryBuilds {
    private static final Instant COMMIT_TIME = Instant.parse("2026-05-06T07:08:09Z");

    @Test
    void aBuildThroughAFlakyLoadBalancerSucceedsWithTheImageItWouldHaveWithoutIt() throws Exception {
        String sha = repo.commitAt("flaky", Map.of("app/run.sh", "#!/bin/sh\necho flaky\n", "app/data.txt", "through a flaky proxy\n"),
                COMMIT_TIME);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (FlakyProxy proxy = FlakyProxy.start(host, n -> n % 5 == 2 ? Fault.REFUSE : n % 7 == 3 ? Fault.LOSE_ANSWER : Fault.NONE);
             RegistryClient flakyClient = RegistryClient.builder().insecureRegistries(Set.of(proxy.hostPort())).build()) {
            VariantBuilder direct = builder(tmp.resolve("cache-direct"));
            VariantBuilder flaky = new VariantBuilder(BuilderConfig.of(tmp.resolve("cache-flaky"), Set.of(proxy.hostPort())),
                    new RegistryAccess(flakyClient, CredentialStore.anonymous(), Set.of(proxy.hostPort())), Clock.systemUTC());

            BuildResult straight = buildAndFinish(direct, release("e-direct-" + run, sha, host + "/acme/straight-" + run));
            BuildResult through = buildAndFinish(flaky, release("e-flaky-" + run, sha, proxy.hostPort() + "/acme/flaky-" + run));

            assertEquals(BuildStatus.SUCCEEDED, straight.status(), straight.error());
            assertEquals(BuildStatus.SUCCEEDED, through.status(), through.error());
            assertTrue(proxy.refused() > 0 && proxy.lostAnswers() > 0, proxy.refused() + " refused, " + proxy.lostAnswers() + " lost of "
                    + proxy.requests());
            assertEquals(straight.digest(), through.digest(), "same commit, same image, whatever the way to the registry");
            for (String tag : List.of("4.0.0", "4.0", "latest")) {
                assertEquals(through.digest(), digestOf("acme/flaky-" + run, tag).orElseThrow(), tag);
            }
            Digest image = through.digest();
            List<ImageTag> sbomTags = client.listTags(image("acme/flaky-" + run)).stream()
                    .filter(t -> t.value().startsWith("sha256-" + image.hex())).toList();
            assertEquals(2, sbomTags.size(), "one SBOM tag and one referrers fallback index: " + sbomTags);
        }
    }

    private TagPlan release(String eventId, String sha, String image) {
        VariantPlan v = variant("base", image, tags("4.0.0", "4.0", "latest"), List.of("linux/amd64"), appRecipe(),
                Map.of("org.opencontainers.image.revision", sha), Map.of());
        return plan(eventId, repo.uri(), sha, COMMIT_TIME, false, v);
    }
}
