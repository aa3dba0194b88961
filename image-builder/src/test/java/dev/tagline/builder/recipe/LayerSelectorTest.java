package dev.tagline.builder.recipe;

import dev.tagline.schema.event.Layer;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerSelectorTest {
    @TempDir
    Path checkout;

    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM_V7 = Platform.parse("linux/arm/v7");

    @BeforeEach
    void files() throws IOException {
        write("app/b.txt", "b");
        write("app/a.txt", "a");
        write("app/sub/c.txt", "c");
        write("app/README.md", "docs");
        write("app/node_modules/x/y.js", "js");
        write("app/bin/run", "#!/bin/sh");
        Files.setPosixFilePermissions(checkout.resolve("app/bin/run"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write("dist/linux/amd64/tool", "amd64");
        write("dist/linux/arm/v7/tool", "armv7");
        write("single.jar", "jar");
    }

    private void write(String path, String content) throws IOException {
        Path p = checkout.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private List<String> targets(Layer layer, Platform platform) throws RecipeException {
        return LayerSelector.select(checkout, layer, platform).stream().map(LayerEntry::target).toList();
    }

    @Test
    void directorySourceCopiesItsContentUnderTargetSortedByPath() throws Exception {
        assertEquals(List.of("/srv/README.md", "/srv/a.txt", "/srv/b.txt", "/srv/bin/run", "/srv/node_modules/x/y.js", "/srv/sub/c.txt"),
                targets(new Layer("app", "app", "/srv", null, null), AMD64));
    }

    @Test
    void excludesDropMatchingFilesAndWholeDirectories() throws Exception {
        assertEquals(List.of("/srv/a.txt", "/srv/b.txt", "/srv/bin/run"),
                targets(new Layer("app", "app", "/srv/", List.of("*.md", "node_modules", "sub/**"), null), AMD64));
    }

    @ParameterizedTest(name = "source {0} to {1} lands at {2}")
    @CsvSource({
            "single.jar, /app/app.jar, /app/app.jar",
            "single.jar, /app/, /app/single.jar",
            "app/sub, /, /c.txt",
    })
    void fileAndDirectoryTargets(String source, String target, String expected) throws Exception {
        assertEquals(List.of(expected), targets(new Layer("l", source, target, null, null), AMD64));
    }

    @Test
    void perPlatformSourceTakesEachPlatformsOwnFiles() throws Exception {
        Layer layer = new Layer("bin", "dist/{os}/{arch}/{variant}", "/usr/local/bin", null, null);
        List<LayerEntry> amd = LayerSelector.select(checkout, layer, AMD64);
        List<LayerEntry> arm = LayerSelector.select(checkout, layer, ARM_V7);
        assertEquals("amd64", read(amd.get(0)));
        assertEquals("armv7", read(arm.get(0)));
        assertEquals("/usr/local/bin/tool", amd.get(0).target());
    }

    @Test
    void modeKeepsTheExecutableBitUnlessTheLayerFixesIt() throws Exception {
        List<LayerEntry> kept = LayerSelector.select(checkout, new Layer("app", "app/bin", "/bin", null, null), AMD64);
        assertEquals("755", kept.get(0).octalMode());
        List<LayerEntry> plain = LayerSelector.select(checkout, new Layer("app", "app/a.txt", "/a", null, null), AMD64);
        assertEquals("644", plain.get(0).octalMode());
        List<LayerEntry> fixed = LayerSelector.select(checkout, new Layer("app", "app", "/app", null, "600"), AMD64);
        assertTrue(fixed.stream().allMatch(e -> e.octalMode().equals("600")));
    }

    @Test
    void missingSourceNamesTheLayerAndTheExpandedPath() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> LayerSelector.select(checkout, new Layer("bin", "dist/{arch}", "/bin", null, null), AMD64));
        assertEquals("layer 'bin': source 'dist/{arch}' (for linux/amd64: 'dist/amd64') does not exist in the checkout", e.getMessage());
    }

    @Test
    void symbolicLinksAreNeverFollowedOutOfTheCheckout() throws Exception {
        Files.createSymbolicLink(checkout.resolve("app/passwd"), Path.of("/etc/passwd"));
        assertTrue(targets(new Layer("app", "app", "/app", null, null), AMD64).stream().noneMatch(t -> t.endsWith("passwd")));
        assertThrows(RecipeException.class, () -> LayerSelector.select(checkout, new Layer("l", "app/passwd", "/p", null, null), AMD64));
    }

    @Test
    void aSourceReachedThroughALinkedDirectoryOutsideTheCheckoutIsRefused(@TempDir Path host) throws Exception {
        // what a build command could leave behind: build -> a directory of the builder's, read after the sandbox is gone
        Files.createDirectories(host.resolve("docker"));
        Files.writeString(host.resolve("docker/config.json"), "secret");
        Files.createSymbolicLink(checkout.resolve("build"), host);
        RecipeException file = assertThrows(RecipeException.class,
                () -> LayerSelector.select(checkout, new Layer("l", "build/docker/config.json", "/c", null, null), AMD64));
        assertTrue(file.getMessage().contains("leaves the checkout through a symbolic link"), file.getMessage());
        assertThrows(RecipeException.class, () -> LayerSelector.select(checkout, new Layer("l", "build/docker", "/c", null, null), AMD64));
        Files.createDirectories(checkout.resolve("inside"));
        Files.createSymbolicLink(checkout.resolve("alias"), checkout.resolve("inside"));
        write("inside/ok.txt", "ok");
        assertEquals(List.of("/o/ok.txt"), targets(new Layer("l", "alias/ok.txt", "/o/", null, null), AMD64), "a link within the checkout is fine");
    }

    private static String read(LayerEntry e) throws IOException {
        return Files.readString(e.source());
    }
}
