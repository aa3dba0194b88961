package dev.tagline.planner;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The pure core stays pure: planning imports neither Micronaut nor Kafka (ggcr's depcheck idea); the policy module has its own test. */
class CoreDependencyTest {
    @ParameterizedTest
    @ValueSource(strings = {"planning"})
    void corePackageImportsNeitherMicronautNorKafka(String pkg) throws IOException {
        Path dir = Path.of("src/main/java/dev/tagline/planner", pkg);
        List<String> offending;
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertFalse(sources.isEmpty());
            offending = sources.stream().flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream()
                            .filter(l -> l.startsWith("import io.micronaut") || l.startsWith("import org.apache.kafka")
                                    || l.startsWith("import static io.micronaut") || l.startsWith("import static org.apache.kafka"))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offending);
    }
}
