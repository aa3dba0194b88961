package dev.tagline.git;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The small app that deploy's demo and the benchmarks release: a config file and one "binary" (a shell
 * script) per architecture, and the policy lines that build it. Its files depend on the version only, so a
 * {@link DeterministicRepo} commit of them is the same commit on every run.
 */
public final class HelloApp {
    /** The files committed executable. */
    public static final Set<String> BINARIES = Set.of("dist/amd64/hello", "dist/arm64/hello");

    /**
     * A policy's {@code tags:} section (a top-level key) for the app's releases: the version, its minor and major
     * lines, and the commit's {@code sha-} tag.
     */
    public static final String RELEASE_TAGS = """
            tags:
              - type=semver,pattern={{version}}
              - type=semver,pattern={{major}}.{{minor}}
              - type=semver,pattern={{major}}
              - type=sha
            """;

    /**
     * A policy's {@code recipe:} and {@code variants:} sections (top-level keys): a config layer and the
     * platform's binary on {@code scratch}, run as 65532; a {@code base} variant and a {@code slim} one
     * with the binary only.
     */
    public static final String RECIPE_AND_VARIANTS = """
            recipe:
              base: scratch
              layers:
                - name: config
                  source: app
                  target: /etc/hello
                - name: binary
                  source: dist/{arch}
                  target: /usr/local/bin
                  fileMode: "755"
              container:
                entrypoint: [/usr/local/bin/hello]
                user: "65532"
            variants:
              - name: base
              - name: slim
                recipe:
                  layers:
                    - name: binary
                      source: dist/{arch}
                      target: /usr/local/bin
                      fileMode: "755"
            """;

    private HelloApp() {
    }

    /** The app at {@code version}: its config and both architectures' binaries. */
    public static Map<String, byte[]> files(String version) {
        return Map.of(
                "app/config.properties", utf8("greeting=hello\nversion=" + version + "\n"),
                "dist/amd64/hello", utf8("#!/bin/sh\necho 'hello " + version + " (amd64)'\n"),
                "dist/arm64/hello", utf8("#!/bin/sh\necho 'hello " + version + " (arm64)'\n"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
