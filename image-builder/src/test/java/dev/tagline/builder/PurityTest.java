package dev.tagline.builder;

import dev.tagline.testkit.ImportRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The recipe core and the step classes stay free of Micronaut and Kafka (the ggcr depcheck idea). */
class PurityTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"recipe", "steps", "registry", "index"})
    void corePackagesImportNeitherMicronautNorKafka(String core) {
        assertEquals(List.of(), ImportRules.offenders(Path.of("src/main/java/dev/tagline/builder", core), ImportRules.MICRONAUT_OR_KAFKA));
    }
}
