package dev.tagline.pruner.retention;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retention core stays pure: no Micronaut, no Kafka (the ggcr depcheck idea). */
class CoreDependencyTest {
    @Test
    void retentionCoreImportsNeitherMicronautNorKafka() throws IOException {
        Path core = Path.of("src/main/java/dev/tagline/pruner/retention");
        assertTrue(Files.isDirectory(core), "run from the module directory");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(core)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream()
                            .filter(l -> l.startsWith("import io.micronaut") || l.startsWith("import org.apache.kafka")
                                    || l.startsWith("import static io.micronaut") || l.startsWith("import static org.apache.kafka"))
                            .map(l -> core.relativize(p) + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
