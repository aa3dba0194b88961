package dev.tagline.builder.recipe;

import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuildShapeTest {
    @ParameterizedTest(name = "platforms [{0}], source {1}, annotated {2} -> {3}")
    @CsvSource({
            "linux/amd64, app, false, SINGLE_IMAGE",
            "linux/amd64, dist/{arch}, true, SINGLE_IMAGE",
            "linux/amd64 linux/arm64, app, false, MANIFEST_LIST",
            "linux/amd64 linux/arm64, dist/{arch}, false, OCI_INDEX",
            "linux/amd64 linux/arm64, app, true, OCI_INDEX",
            "linux/amd64 linux/arm/v7, app, false, OCI_INDEX",
    })
    void shapeFollowsPlatformsSourcesAndAnnotations(String platforms, String source, boolean annotated, BuildShape expected) {
        VariantPlan v = new VariantPlan("base", List.of(ImageRepository.parse("127.0.0.1:5000/a/b")), List.of(ImageTag.parse("1")),
                Map.of(), annotated ? Map.of("k", "v") : Map.of(),
                Arrays.stream(platforms.split(" ")).map(Platform::parse).toList(),
                new BuildRecipe(null, List.of(new Layer("l", source, "/app", null, null)), null, null));
        assertEquals(expected, BuildShape.of(v));
    }
}
