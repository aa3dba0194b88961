package dev.tagline.builder.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.builder.config.SbomSettings;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.service.VariantBuilder;
import dev.tagline.builder.steps.AttachSbomStep;
import dev.tagline.builder.steps.BaseImage;
import dev.tagline.builder.support.LocalRegistryBuilds;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.MediaTypes;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds images on a real registry and reads their SBOMs back as cosign and an OCI 1.1 client would. */
class SbomIT extends LocalRegistryBuilds {
    private static final Instant COMMIT_TIME = Instant.parse("2026-05-06T07:08:09Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_SH = "#!/bin/sh\nexec java -cp '/app/lib/*' App\n";

    private String sha;
    private byte[] jar;

    @BeforeAll
    void start() throws Exception {
        jar = Tars.jar("org.slf4j", "slf4j-api", "2.0.16");
        Path jarPath = repo.dir().resolve("app/lib/slf4j-api-2.0.16.jar");
        Files.createDirectories(jarPath.getParent());
        Files.write(jarPath, jar);
        repo.git().add().addFilepattern("app/lib/slf4j-api-2.0.16.jar").call();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/run.sh", RUN_SH);
        files.put("dist/amd64/hello.txt", "amd64\n");
        files.put("dist/arm64/hello.txt", "arm64\n");
        sha = repo.commitAt("release", files, COMMIT_TIME);

        // a Debian-like base: dpkg status in the first layer; the second whites it out and uses status.d (distroless)
        pushBase("base/debian", "12", "amd64", List.of(
                Tars.layer(Tars.entries("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n",
                        "var/lib/dpkg/status", "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\nArchitecture: amd64\n\n"
                                + "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13\nArchitecture: amd64\n",
                        "usr/bin/true", "binary")),
                Tars.layer(Tars.entries("var/lib/dpkg/.wh.status", "",
                        "var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9+deb12u4\nArchitecture: amd64\n",
                        "var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"))));
        pushBase("base/alpine", "3.19", "amd64", List.of(Tars.layer(Tars.entries(
                "etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n",
                "lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\n\nP:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\n"))));
        // a base whose layer is gzip'd garbage: jib copies it, the SBOM cannot read it
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(garbage);
        }
        pushBase("base/broken", "1", "amd64", List.of(gz.toByteArray()));
    }

    private void pushBase(String name, String tag, String arch, List<byte[]> layers) throws Exception {
        ImageRepository r = image(name);
        List<Map<String, Object>> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] l : layers) {
            descriptors.add(Map.of("mediaType", MediaTypes.OCI_LAYER_GZIP, "digest", client.pushBlob(r, l).value(), "size", l.length));
            diffIds.add(Digest.of(new GZIPInputStream(new ByteArrayInputStream(l)).readAllBytes()).value());
        }
        byte[] config = JSON.writeValueAsBytes(Map.of("architecture", arch, "os", "linux", "config", Map.of(),
                "rootfs", Map.of("type", "layers", "diff_ids", diffIds)));
        Digest configDigest = client.pushBlob(r, config);
        byte[] manifest = JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_MANIFEST,
                "config", Map.of("mediaType", MediaTypes.OCI_CONFIG, "digest", configDigest.value(), "size", config.length),
                "layers", descriptors));
        client.putManifest(r, ImageTag.parse(tag), manifest, MediaTypes.OCI_MANIFEST);
    }

    private TagPlan plan1(String event, String image, String base, List<String> platforms, String source, boolean rebuild, String... tags) {
        VariantPlan v = variant("base", host + "/" + image, List.of(tags), platforms,
                recipe(base, List.of(layer("app", "app", "/app"), layer("native", source, "/opt/")), null, entrypoint("/app/run.sh")),
                Map.of("org.opencontainers.image.revision", sha), Map.of());
        return plan(event, repo.uri(), sha, COMMIT_TIME, rebuild, v);
    }

    /** The SBOM as {@code cosign download sbom} reads it: the sha256-<hex>.sbom manifest's CycloneDX layer. */
    private JsonNode sbomOf(ImageRepository r, Digest subject) throws Exception {
        Manifest m = client.getManifest(r, ImageTag.parse("sha256-" + subject.hex() + ".sbom"));
        assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
        assertEquals(subject, m.subject().digest(), "an OCI 1.1 referrer of the image");
        assertEquals("application/vnd.cyclonedx+json", JSON.readTree(m.bytes()).path("artifactType").asText());
        assertEquals(1, m.layers().size());
        assertEquals("application/vnd.cyclonedx+json", m.layers().get(0).mediaType());
        byte[] sbom = client.getBlob(r, m.layers().get(0).digest(), 16 << 20);
        assertEquals(List.of(), new JsonParser().validate(sbom, CycloneDxSbom.SPEC).stream().map(Throwable::getMessage).toList());
        List<Descriptor> referrers = client.referrers(r, subject);
        assertTrue(referrers.stream().anyMatch(d -> d.digest().equals(m.digest())
                && "application/vnd.cyclonedx+json".equals(d.artifactType())), "listed as a referrer: " + referrers);
        return JSON.readTree(sbom);
    }

    private static List<String> purls(JsonNode components) {
        List<String> out = new ArrayList<>();
        components.forEach(c -> out.add(c.path("purl").asText(c.path("name").asText())));
        return out;
    }

    @Test
    void anImageOnADebianBaseListsTheBaseItsPackagesAndTheFilesAndJarsTaglineAdded() throws Exception {
        ImageRepository image = image("acme/sbom-debian");
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache")), plan1("e-deb", "acme/sbom-debian", host + "/base/debian:12",
                List.of("linux/amd64"), "dist/amd64", false, "1.0.0", "latest"));
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());

        JsonNode sbom = sbomOf(image, r.digest());
        Digest base = digestOf("base/debian", "12").orElseThrow();
        assertEquals("2026-05-06T07:08:09Z", sbom.at("/metadata/timestamp").asText());
        assertEquals(r.digest().value(), sbom.at("/metadata/component/version").asText());
        List<String> purls = purls(sbom.get("components"));
        assertTrue(purls.get(0).startsWith("pkg:oci/debian@sha256%3A" + base.hex() + "?"), purls.get(0));
        assertTrue(purls.contains("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"), purls.toString());
        assertTrue(purls.contains("pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12"), purls.toString());
        assertFalse(purls.stream().anyMatch(p -> p.contains("zlib1g") || p.contains("2.36-9?")), "the whited-out status file is gone: " + purls);
        assertTrue(purls.contains("pkg:maven/org.slf4j/slf4j-api@2.0.16"), purls.toString());
        assertTrue(purls.contains("/opt/hello.txt"), purls.toString());
        JsonNode runSh = null;
        for (JsonNode c : sbom.get("components")) {
            if (c.path("name").asText().equals("/app/run.sh")) {
                runSh = c;
            }
        }
        assertEquals(sha256(RUN_SH.getBytes(StandardCharsets.UTF_8)), runSh.at("/hashes/0/content").asText());
        JsonNode slf4j = null;
        for (JsonNode c : sbom.get("components")) {
            if (c.path("name").asText().equals("slf4j-api")) {
                slf4j = c;
            }
        }
        assertEquals(sha256(jar), slf4j.at("/hashes/0/content").asText());
    }

    @Test
    void anImageOnAnAlpineBaseListsItsApkPackages() throws Exception {
        ImageRepository image = image("acme/sbom-alpine");
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-alpine")), plan1("e-alpine", "acme/sbom-alpine",
                host + "/base/alpine:3.19", List.of("linux/amd64"), "dist/amd64", false, "1.0.0"));
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        List<String> purls = purls(sbomOf(image, r.digest()).get("components"));
        assertTrue(purls.contains("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1"), purls.toString());
        assertTrue(purls.contains("pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1"), purls.toString());
    }

    @Test
    void aReplayAttachesTheSameSbomAndPushesNothingNew() throws Exception {
        ImageRepository image = image("acme/sbom-replay");
        TagPlan first = plan1("e-replay-1", "acme/sbom-replay", host + "/base/debian:12", List.of("linux/amd64"), "dist/amd64", false, "2.0.0");
        BuildResult a = buildAndFinish(builder(tmp.resolve("cache-a")), first);
        assertEquals(BuildStatus.SUCCEEDED, a.status(), a.error());
        ImageTag sbomTag = ImageTag.parse("sha256-" + a.digest().hex() + ".sbom");
        Digest sbomManifest = client.resolve(image, sbomTag).orElseThrow().digest();
        Digest fallback = client.resolve(image, RegistryClient.referrersTag(a.digest())).orElseThrow().digest();

        // a rebuild in a fresh cache (a replay on another instance): same image, same SBOM bytes
        BuildResult b = buildAndFinish(builder(tmp.resolve("cache-b")),
                plan1("e-replay-2", "acme/sbom-replay", host + "/base/debian:12", List.of("linux/amd64"), "dist/amd64", true, "2.0.0"));
        assertEquals(a.digest(), b.digest());
        assertEquals(sbomManifest, client.resolve(image, sbomTag).orElseThrow().digest());
        assertEquals(fallback, client.resolve(image, RegistryClient.referrersTag(a.digest())).orElseThrow().digest());
        assertEquals(1, client.referrers(image, a.digest()).size(), "listed once");

        // attaching again writes nothing
        BaseImage base = new BaseImage(host + "/base/debian:12",
                com.google.cloud.tools.jib.api.ImageReference.parse(host + "/base/debian@" + client.resolve(
                        image("base/debian"), ImageTag.parse("12")).orElseThrow().digest()),
                digestOf("base/debian", "12").orElseThrow());
        List<AttachSbomStep.Attached> again = new AttachSbomStep(client, SbomSettings.DEFAULT, new PushLocks(), tmp.resolve("cache-c"), "tagline-image-builder", "1")
                .attach(List.of(image), a.digest(), dev.tagline.schema.value.Platform.parse("linux/amd64"), base, COMMIT_TIME, false);
        assertEquals(1, again.size());
        assertFalse(again.get(0).written(), "computed again from the registry's layers: identical, so nothing pushed");
        assertEquals(sbomManifest, again.get(0).sbomManifest());
        assertEquals("tagline-image-builder/1 cyclonedx-1.6 r1",
                client.getManifest(image, sbomTag).annotations().get(SbomManifest.GENERATOR));
    }

    @Test
    void twoPlansAttachingTheSbomOfOneDigestAtOnceListItOnce() throws Exception {
        // a push and a release tag of one commit build at once: both attach the same SBOM to the same digest
        PushLocks locks = new PushLocks();
        Digest baseDigest = digestOf("base/debian", "12").orElseThrow();
        BaseImage base = new BaseImage(host + "/base/debian:12",
                com.google.cloud.tools.jib.api.ImageReference.parse(host + "/base/debian@" + baseDigest), baseDigest);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String name = "acme/sbom-race-" + round;
                ImageRepository image = image(name);
                VariantBuilder noSbom = new VariantBuilder(config(tmp.resolve("cache-race")), access(), locks, Clock.systemUTC(),
                        SbomSettings.DISABLED);
                BuildResult r = buildAndFinish(noSbom, plan1("e-race-" + round, name, host + "/base/debian:12", List.of("linux/amd64"),
                        "dist/amd64", false, "5.0." + round));
                assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
                assertEquals(Optional.empty(), client.resolve(image, ImageTag.parse("sha256-" + r.digest().hex() + ".sbom")), "disabled: none");
                List<java.util.concurrent.Future<List<AttachSbomStep.Attached>>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    AttachSbomStep step = new AttachSbomStep(client, SbomSettings.DEFAULT, locks, tmp.resolve("cache-race-" + i),
                            "tagline-image-builder", "1");
                    both.add(pool.submit(() -> step.attach(List.of(image), r.digest(), dev.tagline.schema.value.Platform.parse("linux/amd64"),
                            base, COMMIT_TIME, false)));
                }
                Digest a = both.get(0).get(60, java.util.concurrent.TimeUnit.SECONDS).get(0).sbomManifest();
                Digest b = both.get(1).get(60, java.util.concurrent.TimeUnit.SECONDS).get(0).sbomManifest();
                assertEquals(a, b);
                assertEquals(List.of(a), client.referrers(image, r.digest()).stream().map(Descriptor::digest).toList(), "round " + round);
                sbomOf(image, r.digest());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMultiPlatformImageHasAnSbomPerPlatformAndOneForTheIndex() throws Exception {
        ImageRepository image = image("acme/sbom-multi");
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-multi")), plan1("e-multi", "acme/sbom-multi", null,
                List.of("linux/amd64", "linux/arm64"), "dist/{arch}", false, "3.0.0", "latest"));
        assertEquals(BuildStatus.SUCCEEDED, r.status(), r.error());
        Manifest index = client.getManifest(image, r.digest());
        assertTrue(index.isIndex());
        JsonNode top = sbomOf(image, r.digest());
        assertEquals(2, top.get("components").size());
        for (Descriptor child : index.manifests()) {
            JsonNode sbom = sbomOf(image, child.digest());
            assertTrue(purls(sbom.get("components")).contains("/opt/hello.txt"));
            assertEquals(child.platform().value(), sbom.at("/metadata/component/properties/0/value").asText());
        }
    }

    @Test
    void anSbomThatCannotBeMadeFailsTheVariantAndWritesNoTag() throws Exception {
        ImageRepository image = image("acme/sbom-broken");
        BuildResult r = buildAndFinish(builder(tmp.resolve("cache-broken")), plan1("e-broken", "acme/sbom-broken", host + "/base/broken:1",
                List.of("linux/amd64"), "dist/amd64", false, "4.0.0", "latest"));
        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().contains("SBOM"), r.error());
        assertEquals(Optional.empty(), client.resolve(image, ImageTag.parse("latest")), "no floating tag moved");
        assertEquals(Optional.empty(), client.resolve(image, ImageTag.parse("4.0.0")), "no tag at all: the SBOM comes first");
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
