package dev.tagline.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy module is a pure core: no Micronaut, no Kafka (the ggcr depcheck idea). */
class PurityTest {
    @Test
    void policyModuleImportsNeitherMicronautNorKafka() throws IOException {
        Path root = Path.of("src/main/java/dev/tagline/policy");
        assertTrue(Files.isDirectory(root), "run from the module directory");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream()
                            .filter(l -> l.matches("import (static )?(io\\.micronaut|org\\.apache\\.kafka)\\..*"))
                            .map(l -> root.relativize(p) + ": " + l);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
