package dev.tagline.builder.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.builder.support.Skopeo;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.command;
import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds variants against the real local registry and checks them with skopeo. */
class VariantBuilderIT extends LocalRegistryBuilds {
    private static final Instant COMMIT_TIME = Instant.parse("2026-03-04T05:06:07Z");

    private String sha;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/run.sh", "#!/bin/sh\necho hello\n");
        files.put("app/config/app.properties", "mode=prod\n");
        files.put("app/README.md", "docs\n");
        files.put("dist/amd64/hello.txt", "built-for-amd64\n");
        files.put("dist/arm64/hello.txt", "built-for-arm64\n");
        files.put("build.sh", "mkdir -p out && echo generated-by-build > out/gen.txt\n");
        sha = repo.commitAt("release", files, COMMIT_TIME);
    }

    /** A builder whose sandbox is off and whose trusted build commands run unsandboxed (allow-unsandboxed-trusted). */
    private VariantBuilder unsandboxed(Path cache) {
        dev.tagline.builder.sandbox.Sandbox none = dev.tagline.builder.sandbox.Sandbox.unavailable(
                dev.tagline.builder.config.SandboxConfig.defaults().with(java.nio.file.Path.of("/nonexistent/bwrap"), true), "off for this test");
        return new VariantBuilder(config(cache), none, access(), new dev.tagline.builder.push.PushLocks(), Clock.systemUTC());
    }

    private TagPlan single(String eventId, String image, List<String> tags, boolean rebuild) {
        VariantPlan v = variant("base", host + "/" + image, tags, List.of("linux/amd64"),
                appRecipe(),
                Map.of("org.opencontainers.image.revision", sha, "org.opencontainers.image.version", "1.0.0"),
                Map.of("org.opencontainers.image.source", "https://example.com/acme/app"));
        return plan(eventId, repo.uri(), sha, COMMIT_TIME, rebuild, v);
    }

    private BuildResult build(Path cache, TagPlan plan) throws InterruptedException {
        return buildAndFinish(builder(cache), plan);
    }

    @Test
    void singlePlatformImageHasLabelsCommitTimeAndEveryTag() throws Exception {
        BuildResult r = build(tmp.resolve("cache-single"), single("e-single", "acme/single", tags("1.0.0", "1.0", "latest", "sha-abc"), false));

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode inspect = Skopeo.inspect(host + "/acme/single:1.0.0");
        assertEquals(r.digest().value(), inspect.path("Digest").asText());
        assertEquals(COMMIT_TIME, Instant.parse(inspect.path("Created").asText()));
        assertEquals(sha, inspect.path("Labels").path("org.opencontainers.image.revision").asText());
        assertEquals("1.0.0", inspect.path("Labels").path("org.opencontainers.image.version").asText());
        assertEquals("linux", inspect.path("Os").asText());
        assertEquals("amd64", inspect.path("Architecture").asText());
        for (String tag : List.of("1.0.0", "1.0", "latest", "sha-abc")) {
            assertEquals(r.digest().value(), Skopeo.inspect(host + "/acme/single:" + tag).path("Digest").asText(), tag);
        }
        // the planned tags, plus the image's SBOM as cosign tags it and the referrers fallback index listing it (SbomIT)
        String attachments = "sha256-" + r.digest().hex();
        assertEquals(Set.of("1.0.0", "1.0", "latest", "sha-abc", attachments + ".sbom", attachments), Set.copyOf(Skopeo.tags(host + "/acme/single")));
        JsonNode raw = Skopeo.inspectRaw(host + "/acme/single:latest");
        assertEquals("https://example.com/acme/app", raw.path("annotations").path("org.opencontainers.image.source").asText());
        JsonNode config = Skopeo.inspectConfig(host + "/acme/single:latest").path("config");
        assertEquals("/app/run.sh", config.path("Entrypoint").get(0).asText());
        assertEquals("/app", config.path("WorkingDir").asText());
        assertEquals("1000", config.path("User").asText());
        assertTrue(config.path("ExposedPorts").has("8080/tcp"));
        assertEquals(List.of(new PushedTags(image("acme/single"),
                List.of(ImageTag.parse("1.0.0"), ImageTag.parse("1.0"), ImageTag.parse("latest"), ImageTag.parse("sha-abc")))), r.tagsWritten());
        assertTrue(r.bytesUploaded() > 0, "a first build uploads its layers");
    }

    @Test
    void twoPlatformsWithPerPlatformFilesGiveAnOciIndexWithDifferentContent() throws Exception {
        VariantPlan v = variant("base", host + "/acme/multi", tags("2.0.0"), List.of("linux/amd64", "linux/arm64"),
                recipe(null, List.of(layer("bin", "dist/{arch}", "/opt/")), null, entrypoint("/bin/true")), Map.of(), Map.of());
        TagPlan p = plan("e-multi", repo.uri(), sha, COMMIT_TIME, false, v);
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-multi")), p, v);

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode index = Skopeo.inspectRaw(host + "/acme/multi:2.0.0");
        assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText());
        assertEquals(2, index.path("manifests").size());
        List<String> arches = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            arches.add(m.path("platform").path("architecture").asText());
            JsonNode child = Skopeo.inspectRaw(host + "/acme/multi@" + m.path("digest").asText());
            JsonNode layers = child.path("layers");
            String layerDigest = layers.get(layers.size() - 1).path("digest").asText();
            contents.add(layerText(image("acme/multi"), layerDigest));
        }
        assertEquals(List.of("amd64", "arm64"), arches);
        assertTrue(contents.get(0).contains("built-for-amd64") && !contents.get(0).contains("built-for-arm64"), contents.get(0));
        assertTrue(contents.get(1).contains("built-for-arm64") && !contents.get(1).contains("built-for-amd64"), contents.get(1));
        assertEquals(2, r.platforms().size());
        assertEquals(r.digest().value(), Skopeo.inspect(host + "/acme/multi:2.0.0").path("Digest").asText());
    }

    @Test
    void twoPlatformsWithTheSameFilesGiveJibsManifestList() throws Exception {
        VariantPlan v = variant("base", host + "/acme/samefiles", tags("3.0.0", "latest"), List.of("linux/amd64", "linux/arm64"),
                appRecipe(), Map.of("a", "b"), Map.of());
        TagPlan p = plan("e-same", repo.uri(), sha, COMMIT_TIME, false, v);
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-same")), p, v);

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode list = Skopeo.inspectRaw(host + "/acme/samefiles:latest");
        assertEquals(2, list.path("manifests").size());
        assertEquals("amd64", list.path("manifests").get(0).path("platform").path("architecture").asText());
        assertEquals("arm64", list.path("manifests").get(1).path("platform").path("architecture").asText());
        assertEquals(r.digest().value(), Skopeo.inspect(host + "/acme/samefiles:3.0.0").path("Digest").asText());
    }

    @Test
    void sameCommitBuiltTwiceWithCachesWipedGivesTheSameDigest() throws Exception {
        BuildResult first = build(tmp.resolve("cache-a"), single("e-repro-1", "acme/repro-one", tags("1.0.0"), true));
        BuildResult second = build(tmp.resolve("cache-b"), single("e-repro-2", "acme/repro-two", tags("1.0.0"), true));

        assertEquals(BuildStatus.SUCCEEDED, first.status(), first.error());
        assertEquals(BuildStatus.SUCCEEDED, second.status(), second.error());
        assertEquals(first.digest(), second.digest());
    }

    @Test
    void secondPlanForTheSameCommitWithNewTagsUploadsNoBlob() throws Exception {
        Path cache = tmp.resolve("cache-retag");
        BuildResult first = build(cache, single("e-retag-1", "acme/retag", tags("sha-1234567"), false));
        assertEquals(BuildStatus.SUCCEEDED, first.status(), first.error());
        assertTrue(first.bytesUploaded() > 0);
        Map<Path, java.nio.file.attribute.FileTime> links = blobLinks("acme/retag");
        assertTrue(links.size() >= 2, "config and layer linked: " + links);

        // new tags only: nothing points at the image yet, so it is built again; every blob is there already
        BuildResult second = build(tmp.resolve("cache-retag-wiped"), single("e-retag-2", "acme/retag", tags("1.0.0", "latest"), false));
        assertEquals(BuildStatus.SUCCEEDED, second.status(), second.error());
        assertEquals(first.digest(), second.digest());
        assertEquals(0, second.bytesUploaded());
        assertTrue(second.bytesReused() > 0);

        // a release tag on the commit already built as sha-...: found by build key, a pure retag, no fetch, no build
        BuildResult third = build(cache, single("e-retag-3", "acme/retag", tags("1.0.1", "sha-1234567"), false));
        assertEquals(BuildStatus.SUCCEEDED, third.status(), third.error());
        assertEquals(first.digest(), third.digest());
        assertEquals(0, third.bytesUploaded());
        assertEquals(0, third.timings().fetchMillis());
        assertEquals(List.of(ImageTag.parse("1.0.1")), third.tagsWritten().get(0).tags());
        assertEquals(List.of(ImageTag.parse("sha-1234567")), third.tagsAlreadyPresent().get(0).tags());
        assertEquals(first.digest().value(), Skopeo.inspect(host + "/acme/retag:1.0.1").path("Digest").asText());
        assertEquals(links, blobLinks("acme/retag"), "the registry rewrote no blob link: nothing was uploaded");
        System.out.printf("[measure] first build+push %d ms (image %d ms), rebuild with wiped cache %d ms, retag by build key %d ms%n",
                first.timings().totalMillis(), first.timings().imageMillis(), second.timings().totalMillis(), third.timings().totalMillis());
    }

    @Test
    void aBuildBegunAheadIsDroppedWhenThePlannedTagsNameTheImageAlready() throws Exception {
        BuildResult first = build(tmp.resolve("cache-ahead-1"), single("e-ahead-1", "acme/ahead", tags("sha-1234567"), false));
        assertEquals(BuildStatus.SUCCEEDED, first.status(), first.error());

        // another instance's cache: its build index knows nothing, so it fetches and builds ahead while it reads the tags,
        // which name the image: nothing of that build is used or left behind
        Path other = tmp.resolve("cache-ahead-2");
        BuildResult second = build(other, single("e-ahead-2", "acme/ahead", tags("1.0.0", "sha-1234567"), false));
        assertEquals(BuildStatus.SUCCEEDED, second.status(), second.error());
        assertEquals(first.digest(), second.digest());
        assertTrue(second.promoted(), "found by build key: a retag");
        assertEquals(0, second.bytesUploaded());
        assertEquals(0, second.timings().fetchMillis(), "the dropped fetch is not counted");
        try (var left = Files.list(other.resolve("work"))) {
            assertEquals(List.of(), left.toList(), "the build begun ahead deleted its work directory");
        }
    }

    @Test
    void buildCommandOutputGoesIntoTheImage() throws Exception {
        VariantPlan v = variant("full", host + "/acme/cmd", tags("1.0.0-full"), List.of("linux/amd64"),
                recipe("scratch", List.of(layer("gen", "out", "/gen")), command("sh", "build.sh"), entrypoint("/bin/true")), Map.of(), Map.of());
        TagPlan p = plan("e-cmd", repo.uri(), sha, COMMIT_TIME, false, v);
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-cmd")), p, v);

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        JsonNode m = Skopeo.inspectRaw(host + "/acme/cmd:1.0.0-full");
        String text = layerText(image("acme/cmd"), m.path("layers").get(0).path("digest").asText());
        assertTrue(text.contains("generated-by-build"), text);
    }

    @Test
    void failingBuildCommandEndsFailedWithTheTailOfItsLog() throws Exception {
        VariantPlan v = variant("base", host + "/acme/fails", tags("1.0.0"), List.of("linux/amd64"),
                recipe(null, List.of(layer("app", "app", "/app")), command("sh", "-c", "echo compiling; echo 'error: missing semicolon' >&2; exit 3"),
                        entrypoint("/bin/true")), Map.of(), Map.of());
        TagPlan p = plan("e-fail", repo.uri(), sha, COMMIT_TIME, false, v);
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-fail")), p, v);

        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().contains("exited with status 3"), r.error());
        assertTrue(r.error().contains("error: missing semicolon"), r.error());
        assertTrue(client.resolve(image("acme/fails"), ImageTag.parse("1.0.0")).isEmpty(), "nothing was pushed");
    }

    @Test
    void missingBaseImageEndsFailedNamingIt() throws Exception {
        VariantPlan v = variant("base", host + "/acme/nobase", tags("1.0.0"), List.of("linux/amd64"),
                recipe(host + "/acme/does-not-exist:17", List.of(layer("app", "app", "/app")), null, entrypoint("/bin/true")), Map.of(), Map.of());
        TagPlan p = plan("e-nobase", repo.uri(), sha, COMMIT_TIME, false, v);
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-nobase")), p, v);

        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().contains("base image '" + host + "/acme/does-not-exist:17' not found"), r.error());
    }

    @Test
    void missingLayerSourceEndsFailedNamingLayerAndPath() throws Exception {
        VariantPlan v = variant("base", host + "/acme/nosource", tags("1.0.0"), List.of("linux/amd64"),
                recipe(null, List.of(layer("web", "web/dist", "/srv")), null, entrypoint("/bin/true")), Map.of(), Map.of());
        TagPlan p = plan("e-nosrc", repo.uri(), sha, COMMIT_TIME, false, v);
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-nosrc")), p, v);

        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().contains("layer 'web': source 'web/dist' does not exist"), r.error());
    }

    @Test
    void everyTargetRepositoryGetsTheImageUnderEveryTag() throws Exception {
        VariantPlan one = variant("base", host + "/mirror/one", tags("1.0.0", "latest"), List.of("linux/amd64"),
                appRecipe(), Map.of(), Map.of());
        VariantPlan both = new VariantPlan("base", List.of(image("mirror/one"), image("mirror/two")),
                one.tags(), one.labels(), one.annotations(), one.platforms(), one.recipe());
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-mirror")), plan("e-mirror", repo.uri(), sha, COMMIT_TIME, false, both), both);

        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        for (String image : List.of("mirror/one", "mirror/two")) {
            for (String tag : List.of("1.0.0", "latest")) {
                assertEquals(r.digest().value(), Skopeo.inspect(host + "/" + image + ":" + tag).path("Digest").asText(), image + ":" + tag);
            }
        }
        assertEquals(2, r.tagsWritten().size());
    }

    @Test
    void aRedeliveredPlanWritesNothingAndGivesTheSameResultId() throws Exception {
        Path cache = tmp.resolve("cache-redeliver");
        TagPlan p = single("e-redeliver", "acme/redeliver", tags("1.0.0", "latest"), false);
        BuildResult first = build(cache, p);
        BuildResult again = build(cache, p);

        assertEquals(BuildStatus.SUCCEEDED, again.status(), again.error());
        assertEquals(first.resultId(), again.resultId());
        assertEquals(first.digest(), again.digest());
        assertEquals(List.of(), again.tagsWritten());
        assertEquals(List.of(ImageTag.parse("1.0.0"), ImageTag.parse("latest")), again.tagsAlreadyPresent().get(0).tags());
        assertEquals(0, again.bytesUploaded());
    }

    @Test
    void rebuildTrueRunsTheBuildAgainWhereAnExistingImageWouldOtherwiseBeReused() throws Exception {
        Path marker = tmp.resolve("runs.txt");
        java.nio.file.Files.writeString(marker, "");
        VariantPlan v = variant("base", host + "/acme/rebuild", tags("1.0.0"), List.of("linux/amd64"),
                appRecipe(command("sh", "-c", "echo ran >> " + marker)),
                Map.of(), Map.of());
        Path cache = tmp.resolve("cache-rebuild");
        // the marker lies outside the checkout, which the sandbox hides: this test counts runs with the
        // builder's explicit unsandboxed mode for trusted code (issue 19)
        BuildResult first = buildAndFinish(unsandboxed(cache), plan("e-rb-1", repo.uri(), sha, COMMIT_TIME, false, v), v);
        BuildResult reused = buildAndFinish(unsandboxed(cache), plan("e-rb-2", repo.uri(), sha, COMMIT_TIME, false, v), v);
        assertEquals(1, java.nio.file.Files.readAllLines(marker).size(), "an image with the same build key is reused, nothing runs");
        BuildResult rebuilt = buildAndFinish(unsandboxed(cache), plan("e-rb-3", repo.uri(), sha, COMMIT_TIME, true, v), v);

        assertEquals(2, java.nio.file.Files.readAllLines(marker).size(), "rebuild=true runs the build command again");
        assertEquals(BuildStatus.SUCCEEDED, rebuilt.status(), rebuilt.error());
        assertEquals(first.digest(), reused.digest());
        assertEquals(first.digest(), rebuilt.digest(), "and, being reproducible, gets the same digest");
    }

    @Test
    void aFloatingTagMovedAwayAfterTheVariantReadItIsMovedBackByItsPlan() throws Exception {
        VariantBuilder builder = builder(tmp.resolve("cache-recheck"));
        TagPlan plan = single("evt-recheck", "acme/recheck", tags("1.0.0", "latest"), false);
        BuildResult first = buildAndFinish(builder, plan, plan.variants().get(0));
        assertEquals(BuildStatus.SUCCEEDED, first.status());
        ImageRepository repo = ImageRepository.parse(host + "/acme/recheck");

        // the plan again (a redelivery): its variant reads `latest` at its own digest ...
        BuildResult again = builder.build(plan, plan.variants().get(0));
        assertEquals(first.digest(), again.digest());
        // ... then, before its floating tags step, an earlier plan of its lane moves `latest` elsewhere
        dev.tagline.registry.Manifest image = client.getManifest(repo, first.digest());
        byte[] elsewhere = dev.tagline.registry.ManifestJson.index(dev.tagline.registry.MediaTypes.OCI_INDEX,
                List.of(image.descriptor()), Map.of("moved", "by an earlier plan"));
        client.putManifest(repo, ImageTag.parse("latest"), elsewhere, dev.tagline.registry.MediaTypes.OCI_INDEX);
        assertNotEquals(first.digest(), client.resolve(repo, ImageTag.parse("latest")).orElseThrow().digest());

        BuildResult done = builder.finish(plan, List.of(again)).get(0);
        assertEquals(BuildStatus.SUCCEEDED, done.status());
        assertEquals(first.digest(), client.resolve(repo, ImageTag.parse("latest")).orElseThrow().digest(),
                "the tag seen at the digest is read again before the step, found moved, and written back");
    }

    @Test
    void unreachableRegistryIsRetriedThenFailsSayingSo() throws Exception {
        int closedPort = dev.tagline.testkit.FreePorts.find();
        String dead = "127.0.0.1:" + closedPort;
        VariantPlan v = variant("base", dead + "/acme/app", tags("1.0.0"), List.of("linux/amd64"),
                appRecipe(), Map.of(), Map.of());
        try (RegistryClient noRetry = RegistryClient.builder().insecureRegistries(Set.of(dead))
                .retry(dev.tagline.registry.RetryPolicy.none()).build()) {
            BuilderConfig config = BuilderConfig.of(tmp.resolve("cache-dead"), Set.of(dead));
            BuildResult r = new VariantBuilder(config, new RegistryAccess(noRetry, CredentialStore.anonymous(), Set.of(dead)), Clock.systemUTC())
                    .build(plan("e-dead", repo.uri(), sha, COMMIT_TIME, false, v), v);

            assertEquals(BuildStatus.FAILED, r.status());
            assertTrue(r.error().contains(dead), r.error());
            assertTrue(r.error().endsWith("(gave up after 3 attempts)"), r.error());
        }
    }

    /** The registry's own record of the repository's blobs (an upload, even of a known blob, rewrites its link). */
    private Map<Path, java.nio.file.attribute.FileTime> blobLinks(String repository) throws IOException {
        Path layers = registry.storage().resolve("docker/registry/v2/repositories/" + repository + "/_layers");
        Map<Path, java.nio.file.attribute.FileTime> out = new java.util.TreeMap<>();
        try (var walk = java.nio.file.Files.walk(layers)) {
            for (Path p : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
                out.put(p, java.nio.file.Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    static String layerText(ImageRepository repo, String digest) throws Exception {
        try (RegistryClient c = RegistryClient.builder().insecureRegistries(Set.of(repo.registry())).build()) {
            byte[] blob = c.getBlob(repo, dev.tagline.schema.value.Digest.parse(digest), 10 << 20);
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(blob))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }
}
