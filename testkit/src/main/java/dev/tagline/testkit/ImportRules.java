package dev.tagline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What a pure core may not import, checked on its sources (the ggcr depcheck idea). */
public final class ImportRules {
    /** An import of Micronaut or Kafka, static or not. */
    public static final Predicate<String> MICRONAUT_OR_KAFKA =
            line -> line.matches("import (static )?(io\\.micronaut|org\\.apache\\.kafka)\\..*");

    private ImportRules() {
    }

    /**
     * Every {@code file: import} under the source directory {@code dir} (relative to the module directory, where
     * tests run) whose import line is {@code forbidden}; empty when the package keeps the rule.
     */
    public static List<String> offenders(Path dir, Predicate<String> forbidden) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory: run from the module directory");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> imports(p).filter(forbidden)
                    .map(l -> dir.relativize(p) + ": " + l)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(l -> l.startsWith("import "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
