package dev.tagline.planner.planning;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The five practices of the issue, each as the example policy in {@code examples/}. */
class ExamplePoliciesTest {

    @Test
    void semverReleaseGetsVersionFloatingLatestAndShaTags() {
        Scenario s = Scenario.example("semver");
        Decision d = s.tag("v1.4.2");
        String shortSha = d.commit().shortSha(7);
        assertEquals(List.of("1.4.2", "1.4", "1", "sha-" + shortSha, "latest"), s.tagsOfFirst());
        assertEquals(List.of("registry.acme.dev/acme/shop:1.4.2", "registry.acme.dev/acme/shop:1.4", "registry.acme.dev/acme/shop:1",
                "registry.acme.dev/acme/shop:sha-" + shortSha, "registry.acme.dev/acme/shop:latest"), d.variants().get(0).references());
        Map<String, String> labels = d.labels();
        assertEquals(d.commitTime().toString().replace("Z", ".000Z"), labels.get("org.opencontainers.image.created"), "created = commit time");
        assertEquals("https://github.com/acme/shop", labels.get("org.opencontainers.image.source"));
        assertEquals("1.4.2", labels.get("org.opencontainers.image.version"));
        assertEquals(d.commit().value(), labels.get("org.opencontainers.image.revision"));
        assertEquals("Apache-2.0", labels.get("org.opencontainers.image.licenses"));
        assertEquals("shop", labels.get("org.opencontainers.image.title"));
        assertEquals("release", d.channel());
    }

    @Test
    void semverPolicyBuildsNothingOnBranchPushes() {
        Scenario s = Scenario.example("semver");
        assertFalse(s.push("main").planned());
    }

    @Test
    void multiArchBuildsOneIndexForBothPlatformsOnlyForVersionTags() {
        Scenario s = Scenario.example("multiarch");
        Decision d = s.tag("v3.1.0");
        assertEquals(List.of("3.1.0", "3.1", "3", "latest"), s.tagsOfFirst());
        assertEquals(List.of("linux/amd64", "linux/arm64"), d.variants().get(0).spec().platforms().stream().map(Object::toString).toList());
        assertFalse(s.push("main").planned(), "branch pushes are not built");
        assertFalse(s.tag("nightly-build").planned(), "tags that are not versions are not built");
    }

    @Test
    void channelsMapBranchesAndTheNightlyScheduleToMovingTags() {
        Scenario s = Scenario.example("channels");
        Decision main = s.push("main");
        assertEquals("stable", main.channel());
        assertEquals(List.of("sha-" + main.commit().shortSha(7), "stable"), s.tagsOfFirst());

        Decision dev = s.push("dev");
        assertEquals("beta", dev.channel());
        assertEquals(List.of("sha-" + dev.commit().shortSha(7), "beta"), s.tagsOfFirst());

        Decision nightly = s.schedule("nightly", "main", Instant.parse("2026-11-22T02:00:00Z"));
        assertEquals("nightly", nightly.channel());
        assertEquals(List.of("sha-" + nightly.commit().shortSha(7), "nightly", "nightly-20261122"), s.tagsOfFirst());

        Decision release = s.tag("v2.3.0");
        assertEquals(List.of("2.3.0", "2.3", "sha-" + release.commit().shortSha(7), "latest"), s.tagsOfFirst());

        Decision rc = s.tag("v2.4.0-rc.1");
        assertEquals("rc", rc.channel());
        assertEquals(List.of("2.4.0-rc.1", "sha-" + rc.commit().shortSha(7), "rc"), s.tagsOfFirst());

        Decision olderRc = s.tag("v2.3.1-rc.1");
        assertEquals(List.of("2.3.1-rc.1", "sha-" + olderRc.commit().shortSha(7)), s.tagsOfFirst(), "rc only moves forward");

        assertFalse(s.push("feature/x").planned(), "other branches are not built");
    }

    @Test
    void variantsGetSuffixedTagsAndTheirOwnRecipesAndPlatforms() {
        Scenario s = Scenario.example("variants");
        s.tag("v0.22.8");
        assertEquals(Map.of(
                "base", List.of("0.22.8", "0.22", "latest"),
                "full", List.of("0.22.8-full", "0.22-full", "latest-full"),
                "slim", List.of("0.22.8-slim", "0.22-slim", "latest-slim")), s.tags());
        Decision.Variant base = s.last.variants().get(0);
        Decision.Variant full = s.last.variants().get(1);
        Decision.Variant slim = s.last.variants().get(2);
        assertEquals("debian:12-slim", base.spec().recipe().baseImage());
        assertEquals(2, full.spec().recipe().layers().size());
        assertEquals("make", full.spec().recipe().buildCommand().command().get(0), "inherited from the policy's recipe");
        assertTrue(slim.spec().recipe().fromScratch());
        assertEquals(1, slim.spec().platforms().size());
        assertEquals("0.22.8", s.last.labels().get("org.opencontainers.image.version"), "metadata-action's version output");
        String commit = s.last.commit().value().substring(0, 7);
        assertEquals(commit, full.labels().get("org.opencontainers.image.version"), "the image carries the commit, not the event");
        assertEquals(commit, base.labels().get("org.opencontainers.image.version"));
    }

    @Test
    void ciPolicyTagsEveryCommitWithItsSha() {
        Scenario s = Scenario.example("ci-retention");
        Decision main = s.push("main");
        assertEquals(List.of("main", "edge", "sha-" + main.commit().shortSha(7)), s.tagsOfFirst());
        Decision feature = s.push("feature/login");
        assertEquals(List.of("feature-login", "sha-" + feature.commit().shortSha(7)), s.tagsOfFirst());
        Decision pr = s.pullRequest(42);
        assertEquals(List.of("pr-42", "sha-" + pr.commit().shortSha(7)), s.tagsOfFirst());
        assertNull(pr.channel());
    }
}
