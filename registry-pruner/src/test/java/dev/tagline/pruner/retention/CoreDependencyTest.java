package dev.tagline.pruner.retention;

import dev.tagline.testkit.ImportRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The retention core stays pure: no Micronaut, no Kafka (the ggcr depcheck idea). */
class CoreDependencyTest {
    @Test
    void retentionCoreImportsNeitherMicronautNorKafka() {
        Path core = Path.of("src/main/java/dev/tagline/pruner/retention");
        assertEquals(List.of(), ImportRules.offenders(core, ImportRules.MICRONAUT_OR_KAFKA));
    }
}
