package dev.tagline.builder.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Settings of a builder service started by a {@code @MicronautTest}. */
public final class ServiceProperties {
    private ServiceProperties() {
    }

    /**
     * {@code kafka} plus what every builder service under test needs: its own fresh cache directory and the registries
     * it speaks plain HTTP to. Mutable: the test adds its own settings.
     */
    public static Map<String, String> builder(Map<String, String> kafka, String insecureRegistries) {
        Map<String, String> p = new HashMap<>(kafka);
        try {
            Path cache = Files.createTempDirectory("builder-service-cache");
            p.put("tagline.builder.cache-dir", cache.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.put("tagline.builder.insecure-registries", insecureRegistries);
        return p;
    }
}
