package dev.tagline.registry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The client runs without a Micronaut context or Kafka (usable from CLIs and tests): only annotations from Micronaut. */
class DependencyRulesTest {
    @Test
    void sourcesImportNoMicronautRuntimeAndNoKafka() throws IOException {
        Path src = Path.of("src/main/java/dev/tagline/registry");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.trim();
                    if (l.startsWith("import ") && ((l.contains("io.micronaut.") && !l.contains("io.micronaut.core.annotation."))
                            || l.contains("org.apache.kafka"))) {
                        offending.add(f.getFileName() + ": " + l);
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
