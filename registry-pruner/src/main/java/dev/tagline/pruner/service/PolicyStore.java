package dev.tagline.pruner.service;

import dev.tagline.pruner.retention.EcrLifecyclePolicy;
import dev.tagline.pruner.retention.InvalidPolicyException;
import dev.tagline.pruner.retention.RetentionPolicy;
import dev.tagline.pruner.retention.RetentionPolicyParser;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.InvalidValueException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The retention policies of the image repositories, loaded from {@code pruner.policy-dir}: every
 * {@code *.yaml|*.yml|*.json} file lists its {@code images} and carries a {@code retention} section (the
 * release policy file of the tag-planner works as is) or an {@code ecrLifecyclePolicy} object. A bad file
 * stops the start with its name and the field.
 */
@Singleton
public class PolicyStore {
    /** One image repository's policy: tagline's or ECR's, never both. */
    public record Entry(String file, RetentionPolicy retention, EcrLifecyclePolicy ecr) {
    }

    private final Map<ImageRepository, Entry> byImage = new TreeMap<>();

    public PolicyStore(PrunerConfig config) {
        if (config.policyDir() != null && !config.policyDir().isBlank()) {
            load(Path.of(config.policyDir()));
        }
    }

    public synchronized void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidPolicyException("pruner.policy-dir " + dir + " is not a directory");
        }
        Map<ImageRepository, Entry> loaded = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList()) {
                String name = f.toString();
                Object doc = RetentionPolicyParser.load(Files.readString(f), name);
                if (!(doc instanceof Map<?, ?> root)) {
                    throw new InvalidPolicyException(name + ": a policy file must be a mapping");
                }
                Object images = root.get("images");
                List<?> list = images instanceof List<?> l ? l : images == null ? List.of() : List.of(images);
                if (list.isEmpty()) {
                    throw new InvalidPolicyException(name + ": images must list the image repositories this policy prunes");
                }
                Entry entry;
                if (root.containsKey("ecrLifecyclePolicy")) {
                    entry = new Entry(name, null, EcrLifecyclePolicy.parse(root.get("ecrLifecyclePolicy"), name));
                } else if (root.containsKey("retention")) {
                    entry = new Entry(name, RetentionPolicyParser.fromDocument(Map.of("retention", root.get("retention")), name), null);
                } else {
                    continue; // a release policy without retention: nothing to prune
                }
                for (Object image : list) {
                    try {
                        ImageRepository repo = ImageRepository.parse(imageName(String.valueOf(image)));
                        Entry previous = loaded.put(repo, entry);
                        if (previous != null) {
                            throw new InvalidPolicyException(name + ": image " + repo + " already has a policy in " + previous.file());
                        }
                    } catch (InvalidValueException e) {
                        throw new InvalidPolicyException(name + ": images: " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policies from " + dir, e);
        }
        byImage.clear();
        byImage.putAll(loaded);
    }

    /** {@code ghcr.io/acme/shop}, or the {@code name=} attribute of a metadata-action image line. */
    static String imageName(String line) {
        for (String part : line.split(",")) {
            String p = part.trim();
            if (p.startsWith("name=")) {
                return p.substring(5).trim();
            }
        }
        return line.trim();
    }

    public synchronized Optional<Entry> policyFor(ImageRepository image) {
        return Optional.ofNullable(byImage.get(image));
    }

    public synchronized List<ImageRepository> images() {
        return List.copyOf(byImage.keySet());
    }
}
