package dev.tagline.listener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision cores stay free of Micronaut, Kafka and JGit: they are tested as plain functions. */
class PureCoreTest {
    @ParameterizedTest(name = "{0} imports neither io.micronaut, org.apache.kafka nor org.eclipse.jgit")
    @ValueSource(strings = {"webhook", "poller", "schedule", "repository"})
    void corePackageHasNoFrameworkImports(String pkg) throws IOException {
        Path dir = Path.of("src/main/java/dev/tagline/listener", pkg);
        assertTrue(Files.isDirectory(dir), dir + " exists");
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream()
                            .filter(l -> l.startsWith("import io.micronaut") || l.startsWith("import org.apache.kafka")
                                    || l.startsWith("import org.eclipse.jgit"))
                            .map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertEquals(List.of(), offenders);
        }
    }

    @ParameterizedTest(name = "replay/{0} is pure")
    @ValueSource(strings = {"ReplaySelection.java", "ReplayRequest.java"})
    void replayDecisionsArePure(String file) throws IOException {
        List<String> imports = Files.readAllLines(Path.of("src/main/java/dev/tagline/listener/replay", file)).stream()
                .filter(l -> l.startsWith("import io.micronaut") || l.startsWith("import org.apache.kafka")).toList();
        assertEquals(List.of(), imports);
    }
}
