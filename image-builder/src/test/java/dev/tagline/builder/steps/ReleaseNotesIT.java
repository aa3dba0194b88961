package dev.tagline.builder.steps;

import dev.tagline.builder.push.ReferrerArtifact;
import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.builder.support.Plans;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.plan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 against the real registry and a real Git repository: a release's annotated tag message (tagline's changelog)
 * is attached to the tagged digest as a referrer, in the manifest's annotations when short, else as a pointer, without
 * changing the image's digest; a lightweight tag attaches nothing.
 */
class ReleaseNotesIT extends LocalRegistryBuilds {
    private static final Instant COMMIT_TIME = Instant.parse("2026-03-04T05:06:07Z");
    private static final String CHANGELOG = "## v1.3.0\n\n### Features\n\n- **greeting:** say hello in French (1a2b3c4)\n";

    private String sha;

    @BeforeAll
    void start() throws Exception {
        sha = repo.commitAt("feat(greeting): say hello in French", Map.of("app/run.sh", "#!/bin/sh\necho bonjour\n"), COMMIT_TIME);
        repo.annotatedTag("v1.3.0", CHANGELOG);
        repo.annotatedTag("v1.3.1", "## v1.3.1\n\n" + "- fix: a long line of release notes\n".repeat(200));
        repo.tag("v1.3.2");
    }

    private BuildResult build(String tag, String image, List<String> tags) throws InterruptedException {
        TagPlan p = withRef(plan("e-" + tag, repo.uri(), sha, COMMIT_TIME, false, variant(image, tags)), tag);
        return buildAndFinish(builder(tmp.resolve("cache")), p);
    }

    private static TagPlan withRef(TagPlan p, String tag) {
        return new TagPlan(p.schemaVersion(), p.planId(), p.eventId(), p.repository(), p.cloneUrl(), GitRef.tag(tag), p.commit(),
                p.commitTime(), p.version(), p.channel(), p.policyDigest(), p.rebuild(), p.variants());
    }

    private VariantPlan variant(String image, List<String> tags) {
        return Plans.variant("base", host + "/" + image, tags, List.of("linux/amd64"), appRecipe(),
                Map.of("org.opencontainers.image.revision", sha), Map.of());
    }

    private Optional<Manifest> notes(String image, BuildResult r) throws Exception {
        return client.findManifest(image(image),
                ImageTag.parse(ReferrerArtifact.tag(r.digest(), AttachReleaseNotesStep.TAG_SUFFIX)));
    }

    @Test
    void aShortChangelogIsAnAnnotationOfAReferrerOfTheReleaseImage() throws Exception {
        ImageRepository image = image("acme/notes");
        BuildResult sha7 = build("v1.3.0", "acme/notes", List.of("sha-" + sha.substring(0, 7)));
        BuildResult release = build("v1.3.0", "acme/notes", List.of("1.3.0", "1.3", "latest"));
        assertEquals(BuildStatus.SUCCEEDED, release.status(), release.error());
        assertEquals(sha7.digest(), release.digest(), "the notes are no part of the image: one digest per commit");

        Manifest notes = notes("acme/notes", release).orElseThrow();
        assertEquals(CHANGELOG, notes.annotations().get(AttachReleaseNotesStep.NOTES));
        assertEquals("v1.3.0", notes.annotations().get(AttachReleaseNotesStep.TAG));
        List<Descriptor> referrers = client.referrers(image, release.digest());
        assertTrue(referrers.stream().anyMatch(d -> d.digest().equals(notes.digest())
                && AttachReleaseNotesStep.MEDIA_TYPE.equals(d.artifactType())), "a referrer of the image: " + referrers);
        Descriptor layer = notes.layers().get(0);
        assertArrayEquals(CHANGELOG.getBytes(StandardCharsets.UTF_8), client.getBlob(image, layer.digest(), 1 << 20), "the layer holds them too");

        BuildResult again = build("v1.3.0", "acme/notes", List.of("1.3.0", "1.3", "latest"));
        assertEquals(notes.digest(), notes("acme/notes", again).orElseThrow().digest(), "a redelivery attaches the same notes");
        assertEquals(referrers.size(), client.referrers(image, release.digest()).size(), "and lists them once");
    }

    @Test
    void longNotesArePointedToAndALightweightTagHasNone() throws Exception {
        BuildResult longer = build("v1.3.1", "acme/notes-long", List.of("1.3.1"));
        Manifest notes = notes("acme/notes-long", longer).orElseThrow();
        assertFalse(notes.annotations().containsKey(AttachReleaseNotesStep.NOTES), "over " + AttachReleaseNotesStep.MAX_ANNOTATION_BYTES + " bytes");
        assertEquals("example.com/acme/app@refs/tags/v1.3.1", notes.annotations().get(AttachReleaseNotesStep.NOTES_REF));
        assertTrue(notes.layers().get(0).size() > AttachReleaseNotesStep.MAX_ANNOTATION_BYTES, "the layer holds them in full");

        BuildResult light = build("v1.3.2", "acme/notes-light", List.of("1.3.2"));
        assertEquals(BuildStatus.SUCCEEDED, light.status(), light.error());
        assertTrue(notes("acme/notes-light", light).isEmpty(), "a lightweight tag has no message");
    }

    @Test
    void theNotesOfAVariantWithTwoRepositoriesAreLookedUpOnce() throws Exception {
        BuildResult built = build("v1.3.0", "acme/notes-a", List.of("sha-" + sha.substring(0, 7)));
        BuildResult copy = build("v1.3.0", "acme/notes-b", List.of("sha-" + sha.substring(0, 7)));
        assertEquals(built.digest(), copy.digest());
        FetchCommitStep fetch = new FetchCommitStep(tmp.resolve("cache").resolve("git"));
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        AttachReleaseNotesStep step = new AttachReleaseNotesStep(client, (repository, url, tag, commit) -> {
            lookups.incrementAndGet();
            return fetch.annotatedTagMessage(repository, url, tag, commit);
        }, new dev.tagline.builder.push.PushLocks());
        TagPlan p = withRef(plan("e-two-repos", repo.uri(), sha, COMMIT_TIME, false, variant("acme/notes-a", List.of("1.3.0"))), "v1.3.0");
        Map<ImageRepository, dev.tagline.schema.value.Digest> targets = new java.util.LinkedHashMap<>();
        targets.put(ImageRepository.parse(host + "/acme/notes-a"), built.digest());
        targets.put(ImageRepository.parse(host + "/acme/notes-b"), built.digest());
        assertTrue(step.attach(p, targets).isPresent());
        assertEquals(1, lookups.get(), "one lookup of the tag's message per variant, not per repository");
        assertEquals(CHANGELOG, notes("acme/notes-a", built).orElseThrow().annotations().get(AttachReleaseNotesStep.NOTES));
        assertEquals(CHANGELOG, notes("acme/notes-b", built).orElseThrow().annotations().get(AttachReleaseNotesStep.NOTES));
    }
}
