package dev.tagline.builder.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.builder.recipe.BuildKey;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds, behind the planned tags, an image this builder already made from the same inputs: its
 * config carries the same {@link BuildKey} label. Then nothing needs fetching or building.
 */
public final class FindBuiltImageStep {

    private final RegistryClient client;

    public FindBuiltImageStep(RegistryClient client) {
        this.client = client;
    }

    /** The digest (and the repository it was seen in) whose build key equals {@code key}, if any. */
    public Optional<Digest> find(Map<ImageRepository, Map<ImageTag, Digest>> current, String key) throws BuildFailure {
        Map<Digest, ImageRepository> candidates = new LinkedHashMap<>();
        current.forEach((repo, tags) -> tags.values().forEach(d -> candidates.putIfAbsent(d, repo)));
        for (Map.Entry<Digest, ImageRepository> c : candidates.entrySet()) {
            if (key.equals(buildKeyOf(c.getValue(), c.getKey()))) {
                return Optional.of(c.getKey());
            }
        }
        return Optional.empty();
    }

    private String buildKeyOf(ImageRepository repo, Digest digest) throws BuildFailure {
        try {
            JsonNode key = ImageLabels.read(client, repo, digest).get(BuildKey.LABEL);
            return key == null ? null : key.asText();
        } catch (RegistryException e) {
            if (e.transientFailure()) {
                throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), true, e);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
