package dev.tagline.schema;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The contracts are pure: the cores that depend on them get neither Micronaut nor the Kafka client. */
class DependencyRulesTest {
    @Test
    void contractsImportNeitherMicronautNorKafka() throws IOException {
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.trim();
                    if (l.startsWith("import ") && (l.contains("io.micronaut.") || l.contains("org.apache.kafka"))) {
                        offending.add(f.getFileName() + ": " + l);
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
