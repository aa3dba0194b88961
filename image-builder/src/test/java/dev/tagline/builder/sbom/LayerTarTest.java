package dev.tagline.builder.sbom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LayerTarTest {
    private static final String STATUS = "var/lib/dpkg/status";

    private static LayerDelta delta(String... pathAndText) throws IOException {
        return LayerTar.packageFiles(new ByteArrayInputStream(Tars.layer(Tars.entries(pathAndText))), LayerTar.PACKAGE_FILES);
    }

    private static Map<String, String> visible(List<LayerDelta> layers) {
        Map<String, String> out = new LinkedHashMap<>();
        LayerDelta.overlay(layers).forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    static Stream<Arguments> overlay() throws IOException {
        return Stream.of(
                Arguments.of("only package databases are kept, ./ prefixes dropped",
                        List.of(delta("./var/lib/dpkg/status", "A", "./usr/bin/ls", "binary", "./etc/os-release", "ID=debian")),
                        Map.of(STATUS, "A", "etc/os-release", "ID=debian")),
                Arguments.of("a later layer overrides an earlier one",
                        List.of(delta(STATUS, "old"), delta(STATUS, "new")), Map.of(STATUS, "new")),
                Arguments.of("a whiteout hides the file",
                        List.of(delta(STATUS, "A"), delta("var/lib/dpkg/.wh.status", "")), Map.of()),
                Arguments.of("a whiteout of the directory hides everything under it",
                        List.of(delta("var/lib/dpkg/status.d/base", "B", "var/lib/dpkg/status.d/libc6", "C"),
                                delta("var/lib/dpkg/.wh.status.d", "")), Map.of()),
                Arguments.of("an opaque directory hides earlier layers only, not its own files",
                        List.of(delta("var/lib/dpkg/status.d/base", "B"),
                                delta("var/lib/dpkg/status.d/tzdata", "T", "var/lib/dpkg/status.d/.wh..wh..opq", "")),
                        Map.of("var/lib/dpkg/status.d/tzdata", "T")),
                Arguments.of("md5sums of distroless are not databases",
                        List.of(delta("var/lib/dpkg/status.d/base", "B", "var/lib/dpkg/status.d/base.md5sums", "x")),
                        Map.of("var/lib/dpkg/status.d/base", "B")),
                Arguments.of("alpine",
                        List.of(delta("lib/apk/db/installed", "P:musl\nV:1\n", "lib/apk/db/lock", "")),
                        Map.of("lib/apk/db/installed", "P:musl\nV:1\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void overlay(String name, List<LayerDelta> layers, Map<String, String> expected) {
        assertEquals(expected, visible(layers));
    }

    @Test
    void baseContentsReadsDistroAndEveryDatabase() throws IOException {
        List<LayerDelta> layers = new ArrayList<>();
        layers.add(delta("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n",
                "var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4\nArchitecture: amd64\n"));
        layers.add(delta(STATUS, "Package: libc6\nStatus: install ok installed\nVersion: 2.36\nArchitecture: amd64\n"));
        BaseContents base = BaseContents.of(LayerDelta.overlay(layers), List.of());
        assertEquals("debian-12", base.os().distro());
        assertEquals(List.of("base-files", "libc6"), base.packages().stream().map(OsPackage::name).toList());
    }

    @Test
    void addedFilesHaveTheirHashAndJarsTheirCoordinates() throws Exception {
        byte[] jar = Tars.jar("org.slf4j", "slf4j-api", "2.0.16");
        byte[] shaded = Tars.jar("com.acme", "shop", "1.2.3", "org.slf4j", "slf4j-api", "2.0.16");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("app/", new byte[0]);
        entries.put("app/lib/slf4j-api-2.0.16.jar", jar);
        entries.put("app/shop-1.2.3.jar", shaded);
        entries.put("app/other.jar", Tars.jar("a", "b", "1", "c", "d", "2"));
        entries.put("app/not-a-zip.jar", "plain".getBytes(StandardCharsets.UTF_8));
        entries.put("app/run.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        List<AddedFile> files = LayerTar.addedFiles(new ByteArrayInputStream(Tars.layer(entries)));

        assertEquals(List.of("/app/lib/slf4j-api-2.0.16.jar", "/app/not-a-zip.jar", "/app/other.jar", "/app/run.sh", "/app/shop-1.2.3.jar"),
                files.stream().map(AddedFile::path).toList(), "regular files only, sorted");
        assertEquals(new MavenCoordinates("org.slf4j", "slf4j-api", "2.0.16"), files.get(0).maven());
        assertEquals(sha256(jar), files.get(0).sha256(), "the whole jar is hashed although its zip was read");
        assertEquals(jar.length, files.get(0).size());
        assertNull(files.get(1).maven(), "not a zip: no coordinates");
        assertNull(files.get(2).maven(), "two pom.properties, neither named like the file");
        assertEquals(sha256("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)), files.get(3).sha256());
        assertEquals(new MavenCoordinates("com.acme", "shop", "1.2.3"), files.get(4).maven(), "shaded: the one named like the file");
        assertEquals(sha256(shaded), files.get(4).sha256());
    }

    @Test
    void anUncompressedTarIsReadToo() throws IOException {
        byte[] gz = Tars.layer(Tars.entries(STATUS, "x"));
        byte[] tar = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
        assertEquals(Map.of(STATUS, "x"), visible(List.of(LayerTar.packageFiles(new ByteArrayInputStream(tar), LayerTar.PACKAGE_FILES))));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
