package dev.tagline.registry;

import dev.tagline.testkit.ImportRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The client runs without a Micronaut context or Kafka (usable from CLIs and tests): only annotations from Micronaut. */
class DependencyRulesTest {
    @Test
    void sourcesImportNoMicronautRuntimeAndNoKafka() {
        assertEquals(List.of(), ImportRules.offenders(Path.of("src/main/java/dev/tagline/registry"),
                l -> (l.contains("io.micronaut.") && !l.contains("io.micronaut.core.annotation.")) || l.contains("org.apache.kafka")));
    }
}
