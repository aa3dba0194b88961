package dev.tagline.builder.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.Platform;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CycloneDxSbomTest {
    static final ImageRepository REPO = ImageRepository.parse("127.0.0.1:5000/acme/shop");
    static final ImageRepository BASE_REPO = ImageRepository.parse("127.0.0.1:5000/base/debian");
    static final Digest IMAGE = Digest.of("image");
    static final Digest LAYER = Digest.of("layer");
    static final Instant COMMIT_TIME = Instant.parse("2026-11-30T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static ImageInventory inventory(Digest digest, Platform platform) {
        BaseContents base = new BaseContents(new OsRelease("debian", "12"), List.of(
                new OsPackage("deb", "libc6", "2.36-9+deb12u4", "amd64", "glibc", null),
                new OsPackage("deb", "zlib1g", "1:1.2.13.dfsg-1", "amd64", "zlib", null)), List.of());
        List<AddedFile> files = List.of(
                new AddedFile("/app/lib/slf4j-api-2.0.16.jar", "ab".repeat(32), 100, new MavenCoordinates("org.slf4j", "slf4j-api", "2.0.16")),
                new AddedFile("/app/run.sh", "cd".repeat(32), 10, null));
        return new ImageInventory(REPO, digest, platform,
                new ImageInventory.Base("127.0.0.1:5000/base/debian:12", BASE_REPO, Digest.of("base-index"), Digest.of("base-amd64")),
                base, List.of(new ImageInventory.AddedLayer(LAYER, files)));
    }

    static void assertValid(byte[] sbom) throws Exception {
        List<org.cyclonedx.exception.ParseException> errors = new JsonParser().validate(sbom, CycloneDxSbom.SPEC);
        assertEquals(List.of(), errors.stream().map(Throwable::getMessage).toList(), new String(sbom));
    }

    @Test
    void theSchemaValidatorRejectsWhatIsNotCycloneDx() throws Exception {
        byte[] bad = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"nope\",\"name\":\"x\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(new JsonParser().validate(bad, CycloneDxSbom.SPEC).isEmpty(), "the check would see a broken SBOM");
    }

    @Test
    void anImageSbomValidatesAgainstTheCycloneDxSchemaAndListsBasePackagesAndAddedFiles() throws Exception {
        byte[] sbom = CycloneDxSbom.image(inventory(IMAGE, Platform.parse("linux/amd64")), COMMIT_TIME, "tagline-image-builder", "1");
        assertValid(sbom);
        JsonNode doc = JSON.readTree(sbom);
        assertEquals("CycloneDX", doc.get("bomFormat").asText());
        assertEquals("1.6", doc.get("specVersion").asText());
        assertEquals("2026-11-30T12:00:00Z", doc.at("/metadata/timestamp").asText(), "the commit time, not the wall clock");
        assertEquals("pkg:oci/shop@sha256%3A" + IMAGE.hex() + "?arch=amd64&repository_url=127.0.0.1%3A5000%2Facme%2Fshop",
                doc.at("/metadata/component/purl").asText());
        List<String> purls = new ArrayList<>();
        doc.get("components").forEach(c -> purls.add(c.path("purl").asText(c.get("name").asText())));
        assertEquals(List.of(
                "pkg:oci/debian@sha256%3A" + Digest.of("base-amd64").hex() + "?arch=amd64&repository_url=127.0.0.1%3A5000%2Fbase%2Fdebian",
                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc",
                "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib",
                "pkg:maven/org.slf4j/slf4j-api@2.0.16",
                "/app/run.sh"), purls);
        JsonNode runSh = doc.get("components").get(4);
        assertEquals("file", runSh.get("type").asText());
        assertEquals("cd".repeat(32), runSh.at("/hashes/0/content").asText());
        assertTrue(runSh.get("properties").toString().contains(LAYER.value()), "names the layer it came from");
    }

    @Test
    void theSameInventoryGivesTheSameBytesAndAnotherImageAnotherSerialNumber() throws Exception {
        byte[] a = CycloneDxSbom.image(inventory(IMAGE, Platform.parse("linux/amd64")), COMMIT_TIME, "tagline-image-builder", "1");
        byte[] b = CycloneDxSbom.image(inventory(IMAGE, Platform.parse("linux/amd64")), COMMIT_TIME, "tagline-image-builder", "1");
        assertArrayEquals(a, b);
        byte[] other = CycloneDxSbom.image(inventory(Digest.of("other"), Platform.parse("linux/amd64")), COMMIT_TIME, "tagline-image-builder", "1");
        assertNotEquals(JSON.readTree(a).get("serialNumber"), JSON.readTree(other).get("serialNumber"));
        assertTrue(JSON.readTree(a).get("serialNumber").asText().matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void anIndexSbomNestsEachPlatformImageAndValidates() throws Exception {
        Digest index = Digest.of("index");
        byte[] sbom = CycloneDxSbom.index(REPO, index, List.of(inventory(Digest.of("amd"), Platform.parse("linux/amd64")),
                inventory(Digest.of("arm"), Platform.parse("linux/arm64/v8"))), COMMIT_TIME, "tagline-image-builder", "1");
        assertValid(sbom);
        JsonNode doc = JSON.readTree(sbom);
        assertEquals(index.value(), doc.at("/metadata/component/version").asText());
        assertEquals(2, doc.get("components").size());
        assertEquals("pkg:oci/shop@sha256%3A" + Digest.of("arm").hex() + "?arch=arm64&repository_url=127.0.0.1%3A5000%2Facme%2Fshop&variant=v8",
                doc.at("/components/1/purl").asText());
        assertEquals(5, doc.at("/components/1/components").size());
        assertTrue(doc.at("/components/1/components/0/bom-ref").asText().startsWith("linux/arm64/v8/"));
    }

    @Test
    void scratchHasNoBaseAndAnUnscannedLayerIsSaid() throws Exception {
        ImageInventory scratch = new ImageInventory(REPO, IMAGE, null, null, null,
                List.of(new ImageInventory.AddedLayer(LAYER, List.of(new AddedFile("/a", "00".repeat(32), 1, null)))));
        byte[] sbom = CycloneDxSbom.image(scratch, COMMIT_TIME, "t", "1");
        assertValid(sbom);
        assertEquals(1, JSON.readTree(sbom).get("components").size());

        ImageInventory big = new ImageInventory(REPO, IMAGE, null, inventory(IMAGE, null).base(),
                new BaseContents(OsRelease.UNKNOWN, List.of(), List.of(LAYER.value())), List.of());
        byte[] partial = CycloneDxSbom.image(big, COMMIT_TIME, "t", "1");
        assertValid(partial);
        assertTrue(new String(partial).contains("\"dev.tagline:unscanned-layer\""));
        assertFalse(new String(partial).contains("distro"));
    }
}
