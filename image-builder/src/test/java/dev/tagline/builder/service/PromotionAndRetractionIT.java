package dev.tagline.builder.service;

import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TagRemoval;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 against the real registry: a release tag on a commit a push already built is a promotion
 * (zero blob uploads, only manifest PUTs of the same digest, recorded as {@code promoted}); a
 * retraction takes exactly its tags off the retracted image, leaving {@code sha-*} and any tag that
 * moved since.
 */
class PromotionAndRetractionIT extends LocalRegistryBuilds {
    private static final Instant COMMIT_TIME = Instant.parse("2026-03-04T05:06:07Z");

    private String sha;
    private String other;

    @BeforeAll
    void commit() throws Exception {
        sha = repo.commitAt("2.0.0", Map.of("app/run.sh", "#!/bin/sh\necho two\n"), COMMIT_TIME);
        other = repo.commitAt("1.1.0", Map.of("app/run.sh", "#!/bin/sh\necho one\n"), COMMIT_TIME.plusSeconds(60));
    }

    private BuildResult build(TagPlan plan) throws InterruptedException {
        return buildAndFinish(builder(tmp.resolve("cache")), plan);
    }

    /** What the planner writes for commit {@code commit}: labels that depend on the commit only, whatever the event. */
    private VariantPlan variantOf(String image, String commit, List<String> tags, TagRemoval untag) {
        return new VariantPlan("base", List.of(image(image)), tags.stream().map(ImageTag::parse).toList(),
                Map.of("org.opencontainers.image.revision", commit, "org.opencontainers.image.version", commit.substring(0, 7)), Map.of(),
                List.of(dev.tagline.schema.value.Platform.parse("linux/amd64")),
                appRecipe(), untag);
    }

    private Map<String, String> tags(String image) throws Exception {
        ImageRepository r = image(image);
        Map<String, String> out = new TreeMap<>();
        for (ImageTag t : client.listTags(r)) {
            if (t.value().startsWith("sha256-")) {
                continue; // attachments (the SBOM, its referrers index) follow their image: SbomIT covers them
            }
            client.resolve(r, t).ifPresent(d -> out.put(t.value(), d.digest().value()));
        }
        return out;
    }

    @Test
    void aReleaseTagOnACommitAlreadyPushedIsAPromotionOfTheShaDigest() throws Exception {
        String shaTag = "sha-" + sha.substring(0, 7);
        BuildResult push = build(plan("e-push", repo.uri(), sha, COMMIT_TIME, false,
                variantOf("acme/promote", sha, List.of(shaTag, "stable"), null)));
        assertEquals(BuildStatus.SUCCEEDED, push.status(), push.error());
        assertFalse(push.promoted(), "the push built the image");
        assertTrue(push.bytesUploaded() > 0);

        BuildResult release = build(plan("e-release", repo.uri(), sha, COMMIT_TIME, false,
                variantOf("acme/promote", sha, List.of("2.0.0", "2.0", "2", "latest", shaTag), null)));
        assertEquals(BuildStatus.SUCCEEDED, release.status(), release.error());
        assertTrue(release.promoted(), "recorded as a promotion");
        assertEquals(push.digest(), release.digest(), "the release is bit for bit the image tested as " + shaTag);
        assertEquals(0, release.bytesUploaded(), "zero blob uploads");
        assertEquals(0, release.timings().fetchMillis(), "nothing fetched");
        assertEquals(0, release.timings().imageMillis(), "nothing built");
        assertEquals(List.of(ImageTag.parse("2.0.0"), ImageTag.parse("2.0"), ImageTag.parse("2"), ImageTag.parse("latest")),
                release.tagsWritten().get(0).tags());
        for (String t : List.of("2.0.0", "2.0", "2", "latest", "stable")) {
            assertEquals(Optional.of(push.digest()), digestOf("acme/promote", t), t + " resolves to the " + shaTag + " digest");
        }
    }

    @Test
    void aRetractionTakesOnlyItsTagsOffTheRetractedImage() throws Exception {
        String image = "acme/retract";
        String shaTag = "sha-" + sha.substring(0, 7);
        BuildResult v200 = build(plan("e-v2", repo.uri(), sha, COMMIT_TIME, false,
                variantOf(image, sha, List.of("2.0.0", "2.0", "2", "latest", shaTag, "moved"), null)));
        assertEquals(BuildStatus.SUCCEEDED, v200.status(), v200.error());
        BuildResult v110 = build(plan("e-v1", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("1.1.0", "moved"), null)));
        assertEquals(BuildStatus.SUCCEEDED, v110.status(), v110.error());

        // v2.0.0 deleted: latest goes back to 1.1.0 (the re-point), 2 and 2.0 come off (no 2.x left), 2.0.0 too (untag);
        // "moved" is listed but points at 1.1.0's image now, so it stays
        TagRemoval removal = new TagRemoval(CommitSha.parse(sha), List.of(ImageTag.parse("2.0.0"), ImageTag.parse("2.0"),
                ImageTag.parse("2"), ImageTag.parse("moved")));
        BuildResult retraction = build(plan("e-retract", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("latest"), removal)));
        assertEquals(BuildStatus.SUCCEEDED, retraction.status(), retraction.error());
        assertEquals(List.of(new PushedTags(image(image),
                List.of(ImageTag.parse("2.0.0"), ImageTag.parse("2.0"), ImageTag.parse("2")))), retraction.tagsRemoved());
        Map<String, String> now = tags(image);
        assertEquals(Map.of("1.1.0", v110.digest().value(), "moved", v110.digest().value(), "latest", v110.digest().value(),
                shaTag, v200.digest().value()), now, "the retracted image keeps only its sha tag");

        // nothing left to re-point: a variant that only removes tags builds nothing and has no digest
        BuildResult untagOnly = build(plan("e-retract-2", repo.uri(), sha, COMMIT_TIME, false,
                variantOf(image, sha, List.of(), new TagRemoval(CommitSha.parse(sha), List.of(ImageTag.parse(shaTag))))));
        assertEquals(BuildStatus.SUCCEEDED, untagOnly.status(), untagOnly.error());
        assertNull(untagOnly.digest());
        assertEquals(List.of(ImageTag.parse(shaTag)), untagOnly.tagsRemoved().get(0).tags());
        assertFalse(tags(image).containsKey(shaTag));
        assertTrue(digestOf(image, "latest").isPresent(), "the other image is untouched");
    }

    @Test
    void twoVariantsOfOneRetractionUntagOneRepositoryAtOnce() throws Exception {
        String image = "acme/retract-variants";
        VariantPlan base = variantOf(image, sha, List.of("2.0.0", "2.0", "2"), null);
        VariantPlan slimBuild = new VariantPlan("slim", base.images(), List.of(ImageTag.parse("2.0.0-slim"), ImageTag.parse("2.0-slim"),
                ImageTag.parse("2-slim")), base.labels(), Map.of("variant", "slim"), base.platforms(), base.recipe(), null);
        assertEquals(BuildStatus.SUCCEEDED, build(plan("e-v2-base", repo.uri(), sha, COMMIT_TIME, false, base)).status());
        TagPlan slimPlan = plan("e-v2-slim", repo.uri(), sha, COMMIT_TIME, false, slimBuild);
        VariantBuilder builder = builder(tmp.resolve("cache"));
        assertEquals(BuildStatus.SUCCEEDED, buildAndFinish(builder, slimPlan, slimBuild).status());

        VariantPlan untagBase = variantOf(image, sha, List.of(), new TagRemoval(CommitSha.parse(sha),
                List.of(ImageTag.parse("2.0"), ImageTag.parse("2"))));
        VariantPlan untagSlim = new VariantPlan("slim", base.images(), List.of(), base.labels(), Map.of(), base.platforms(), base.recipe(),
                new TagRemoval(CommitSha.parse(sha), List.of(ImageTag.parse("2.0-slim"), ImageTag.parse("2-slim"))));
        TagPlan retraction = plan("e-retract-variants", repo.uri(), sha, COMMIT_TIME, false, untagBase, untagSlim);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> builder.build(retraction, untagBase));
            var b = pool.submit(() -> builder.build(retraction, untagSlim));
            BuildResult ra = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
            BuildResult rb = b.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(BuildStatus.SUCCEEDED, ra.status(), ra.error());
            assertEquals(BuildStatus.SUCCEEDED, rb.status(), rb.error());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Set.of("2.0.0", "2.0.0-slim"), tags(image).keySet(), "each variant removed exactly its own tags");
    }

    /** Whether the builder's git mirror of the plans' repository holds {@code commit} (it fetched it). */
    private boolean mirrorHolds(String commit) throws IOException {
        Path git = tmp.resolve("cache").resolve("git");
        if (!Files.isDirectory(git)) {
            return false;
        }
        try (var dirs = Files.list(git)) {
            for (Path bare : dirs.toList()) {
                try (org.eclipse.jgit.lib.Repository r = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(bare.toFile())
                        .setBare().build()) {
                    if (r.getObjectDatabase().has(org.eclipse.jgit.lib.ObjectId.fromString(commit))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void withoutShaTagsAReleaseTagOnABuiltCommitIsAPromotionFoundByTheBuildIndexEvenAfterARestart() throws Exception {
        String image = "acme/no-sha";
        // a policy with only branch and channel tags on pushes, semver on releases: no tag every build of a commit gets
        BuildResult push = build(plan("e-main", repo.uri(), sha, COMMIT_TIME, false, variantOf(image, sha, List.of("main", "edge"), null)));
        assertEquals(BuildStatus.SUCCEEDED, push.status(), push.error());
        assertFalse(push.promoted());

        // each build() is a new VariantBuilder over the same cache dir: a restarted builder; its git mirror is wiped too,
        // so a commit fetch would show
        TestFiles.deleteTree(tmp.resolve("cache").resolve("git"));
        BuildResult release = build(plan("e-tag", repo.uri(), sha, COMMIT_TIME, false,
                variantOf(image, sha, List.of("2.0.0", "2.0", "2", "latest"), null)));
        assertEquals(BuildStatus.SUCCEEDED, release.status(), release.error());
        assertTrue(release.promoted(), "recorded as a promotion");
        assertEquals(push.digest(), release.digest());
        assertEquals(0, release.bytesUploaded(), "zero blob uploads");
        assertEquals(0, release.timings().fetchMillis(), "nothing fetched");
        assertEquals(0, release.timings().commandMillis());
        assertEquals(0, release.timings().imageMillis(), "nothing built");
        assertFalse(mirrorHolds(sha), "the commit was never fetched");
        for (String t : List.of("2.0.0", "2.0", "2", "latest")) {
            assertEquals(digestOf(image, "main"), digestOf(image, t), t + " resolves to main's digest");
        }

        // a channel move of the same commit (dev now at it) is a promotion too
        BuildResult dev = build(plan("e-dev", repo.uri(), sha, COMMIT_TIME, false, variantOf(image, sha, List.of("dev", "beta"), null)));
        assertTrue(dev.promoted());
        assertEquals(push.digest(), dev.digest());
        assertEquals(0, dev.bytesUploaded());
        assertEquals(Optional.of(push.digest()), digestOf(image, "beta"));
        assertFalse(mirrorHolds(sha), "still never fetched");
    }

    @Test
    void aPrunedDigestInTheBuildIndexLeadsToANormalBuild() throws Exception {
        String image = "acme/no-sha-pruned";
        ImageRepository repository = ImageRepository.parse(host + "/" + image);
        BuildResult push = build(plan("e-main-p", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("main"), null)));
        assertEquals(BuildStatus.SUCCEEDED, push.status(), push.error());
        client.deleteManifest(repository, push.digest()); // the pruner collected it (and with it "main")
        assertEquals(Optional.empty(), digestOf(image, "main"));

        BuildResult release = build(plan("e-tag-p", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("1.1.0", "1.1", "1"), null)));
        assertEquals(BuildStatus.SUCCEEDED, release.status(), release.error());
        assertFalse(release.promoted(), "the index pointed at a digest the registry no longer has: built again");
        assertTrue(mirrorHolds(other), "fetched to build");
        assertEquals(push.digest(), release.digest(), "the same commit gives the same digest");
        assertEquals(Optional.of(push.digest()), digestOf(image, "1.1.0"));

        // rebuilt and recorded again: the next channel move promotes
        BuildResult moved = build(plan("e-main-p2", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("main"), null)));
        assertTrue(moved.promoted());
        assertEquals(Optional.of(push.digest()), digestOf(image, "main"));
    }

    @Test
    void aPrunedDigestWhoseBuildKeyTheRunningBuilderKnowsLeadsToANormalBuild() throws Exception {
        String image = "acme/no-sha-pruned-warm";
        ImageRepository repository = ImageRepository.parse(host + "/" + image);
        // one builder for every plan: it knows the pushed digest's build key from pushing it, and must still ask the registry
        VariantBuilder running = builder(tmp.resolve("cache-warm"));
        BuildResult push = buildAndFinish(running, plan("e-main-w", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("main"), null)));
        assertEquals(BuildStatus.SUCCEEDED, push.status(), push.error());
        client.deleteManifest(repository, push.digest());

        BuildResult release = buildAndFinish(running, plan("e-tag-w", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("1.1.0", "1.1", "1"), null)));
        assertEquals(BuildStatus.SUCCEEDED, release.status(), release.error());
        assertFalse(release.promoted(), "the index and the builder's memory name a digest the registry no longer has: built again");
        assertEquals(push.digest(), release.digest());
        assertEquals(Optional.of(push.digest()), digestOf(image, "1.1.0"));

        BuildResult moved = buildAndFinish(running, plan("e-main-w2", repo.uri(), other, COMMIT_TIME.plusSeconds(60), false,
                variantOf(image, other, List.of("main"), null)));
        assertTrue(moved.promoted(), "found by the build index, its key known, the registry holding it again");
        assertEquals(Optional.of(push.digest()), digestOf(image, "main"));
    }

    @Test
    void aPlanWithoutCommitTimeIsDatedByTheCommitItselfAndGivesTheSameDigest() throws Exception {
        String image = "acme/dated";
        Map<String, String> labels = new java.util.HashMap<>(Map.of("org.opencontainers.image.revision", sha,
                "org.opencontainers.image.version", sha.substring(0, 7)));
        // as the planner writes an event whose commit time it did not know: no plan time, an empty created label
        labels.put("org.opencontainers.image.created", "");
        VariantPlan undated = new VariantPlan("base", List.of(ImageRepository.parse(host + "/" + image)), List.of(ImageTag.parse("main")),
                labels, Map.of(), List.of(dev.tagline.schema.value.Platform.parse("linux/amd64")),
                recipe(null, List.of(layer("app", "app", "/app")), null, entrypoint("/app/run.sh")), null);
        TagPlan known = plan("e-dated-known", repo.uri(), sha, COMMIT_TIME, false, variantOf(image, sha, List.of("x"), null));
        TagPlan unknown = new TagPlan(known.schemaVersion(), TagPlan.idFor("e-dated-unknown", "policy-1"), "e-dated-unknown",
                known.repository(), known.cloneUrl(), known.ref(), known.commit(), null, known.version(), known.channel(),
                known.policyDigest(), false, List.of(undated));
        BuildResult fromUnknown = build(unknown);
        assertEquals(BuildStatus.SUCCEEDED, fromUnknown.status(), fromUnknown.error());

        labels.put("org.opencontainers.image.created", "2026-03-04T05:06:07.000Z");
        VariantPlan dated = new VariantPlan("base", undated.images(), List.of(ImageTag.parse("1.0.0")), labels, Map.of(),
                undated.platforms(), undated.recipe(), null);
        BuildResult fromKnown = build(plan("e-dated-tag", repo.uri(), sha, COMMIT_TIME, false, dated));
        assertEquals(BuildStatus.SUCCEEDED, fromKnown.status(), fromKnown.error());
        assertEquals(fromUnknown.digest(), fromKnown.digest(), "dated by the commit either way: one digest");
        assertTrue(fromKnown.promoted(), "the same build key, so a promotion");
        ImageRepository r = ImageRepository.parse(host + "/" + image);
        com.fasterxml.jackson.databind.JsonNode config = dev.tagline.schema.json.Jackson.mapper().readTree(
                client.getBlob(r, client.getManifest(r, fromUnknown.digest()).config().digest(), 1 << 20));
        assertEquals("2026-03-04T05:06:07.000Z", config.path("config").path("Labels").path("org.opencontainers.image.created").asText());
        assertEquals("2026-03-04T05:06:07Z", config.path("created").asText(), "the image's creation time is the commit's");
    }
}
