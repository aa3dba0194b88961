package dev.tagline.deploy.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the images the way deploy/README.md says: the JRE base with deploy/images/JreBaseImage.java,
 * then the four services with the root pom's jib-maven-plugin configuration, FROM that base, into a
 * registry on 127.0.0.1. Returns each image by digest.
 */
final class ServiceImages {
    static final List<String> SERVICES = List.of("tag-listener", "tag-planner", "image-builder", "registry-pruner");

    record Built(String base, Map<String, String> services, long baseMillis, long servicesMillis) {
    }

    private ServiceImages() {
    }

    static Built build(Path repoRoot, String registry, Path work) {
        long start = System.nanoTime();
        String baseDigest = jreBase(repoRoot, registry + "/tagline/jre-base:17", work.resolve("jre-base"));
        long baseMillis = (System.nanoTime() - start) / 1_000_000;

        start = System.nanoTime();
        List<String> jib = new ArrayList<>(List.of(repoRoot.resolve("mvnw").toString(), "-B", "-q",
                "-pl", String.join(",", SERVICES), "-am", "package", "jib:build", "-DskipTests",
                "-Dtagline.image.registry=" + registry,
                "-Dtagline.image.base=" + registry + "/tagline/jre-base@" + baseDigest,
                "-Dtagline.image.insecure=true"));
        Processes.run(jib, repoRoot, Map.of(), Duration.ofMinutes(15));
        long servicesMillis = (System.nanoTime() - start) / 1_000_000;

        Map<String, String> images = new LinkedHashMap<>();
        for (String service : SERVICES) {
            images.put(service, registry + "/tagline/" + service + "@" + digestOf(repoRoot.resolve(service)));
        }
        return new Built(registry + "/tagline/jre-base@" + baseDigest, images, baseMillis, servicesMillis);
    }

    /** Runs deploy/images/JreBaseImage.java (jib-core from this test's classpath); returns the digest it pushed. */
    static String jreBase(Path repoRoot, String to, Path work) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                repoRoot.resolve("deploy/images/JreBaseImage.java").toString(),
                "--to", to, "--insecure", "--work", work.toString());
        String output = Processes.run(command, repoRoot, Map.of(), Duration.ofMinutes(10));
        return output.lines().reduce((a, b) -> b).orElseThrow().trim();
    }

    /** What jib-maven-plugin wrote to target/jib-image.digest. */
    static String digestOf(Path module) {
        try {
            return Files.readString(module.resolve("target/jib-image.digest")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("jib:build wrote no digest for " + module, e);
        }
    }
}
