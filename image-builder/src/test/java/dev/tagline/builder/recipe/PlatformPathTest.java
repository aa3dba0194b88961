package dev.tagline.builder.recipe;

import dev.tagline.schema.value.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlatformPathTest {
    @ParameterizedTest(name = "{0} for {1} is {2}")
    @CsvSource({
            "dist/{arch}, linux/arm64, dist/arm64",
            "dist/{os}-{arch}, linux/amd64, dist/linux-amd64",
            "dist/{arch}/{variant}, linux/arm/v7, dist/arm/v7",
            "dist/{arch}/{variant}, linux/amd64, dist/amd64",
            "dist/{arch}{variant}/bin, linux/arm64/v8, dist/arm64v8/bin",
            "plain/path, linux/amd64, plain/path",
    })
    void placeholdersExpandPerPlatform(String source, String platform, String expected) {
        assertEquals(expected, PlatformPath.expand(source, Platform.parse(platform)));
    }
}
