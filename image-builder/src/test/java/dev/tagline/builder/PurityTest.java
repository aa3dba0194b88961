package dev.tagline.builder;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The recipe core and the step classes stay free of Micronaut and Kafka (the ggcr depcheck idea). */
class PurityTest {
    private static final List<String> CORE = List.of("recipe", "steps", "registry", "index");

    @Test
    void corePackagesImportNeitherMicronautNorKafka() throws IOException {
        Path root = Path.of("src/main/java/dev/tagline/builder");
        List<String> offenders;
        try (Stream<Path> files = CORE.stream().flatMap(p -> walk(root.resolve(p)))) {
            offenders = files.filter(f -> f.toString().endsWith(".java")).filter(PurityTest::importsShell).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders);
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean importsShell(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .anyMatch(l -> l.startsWith("import io.micronaut") || l.startsWith("import org.apache.kafka"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
