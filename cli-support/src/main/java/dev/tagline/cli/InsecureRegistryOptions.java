package dev.tagline.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code --insecure-registry HOST[:PORT]}, repeatable: registries reached over plain HTTP. */
public final class InsecureRegistryOptions {
    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "a registry reached over plain HTTP (repeatable)")
    List<String> registries = new java.util.ArrayList<>();

    /** Kept apart: picocli replaces the option's list when {@code --insecure-registry} is first seen. */
    private final List<String> fromDeprecatedFlags = new java.util.ArrayList<>();

    public Set<String> registries() {
        Set<String> all = new LinkedHashSet<>(fromDeprecatedFlags);
        all.addAll(registries);
        return all;
    }

    /** What a deprecated flag adds. */
    public void add(String hostPort) {
        fromDeprecatedFlags.add(hostPort);
    }
}
