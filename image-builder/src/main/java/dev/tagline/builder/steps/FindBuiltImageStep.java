package dev.tagline.builder.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.builder.index.BuiltImageIndex;
import dev.tagline.builder.recipe.BuildKey;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an image this builder already made from the same inputs (its config carries the same {@link BuildKey} label):
 * behind the planned tags, else where the {@link BuiltImageIndex} says one was pushed (a release tag or channel move on a
 * commit built under other tags: a policy without {@code type=sha}). Then nothing needs fetching or building. An index
 * entry is only a hint: the digest must still be in the registry with that build key, else the entry is dropped.
 *
 * <p>A digest's build key never changes (it is in the config the digest names), so the key of every digest this step read
 * or was told about ({@link #remember}) is kept in memory, newest first, and not read again: the previous release behind
 * the floating tags, read by every new build of a repository, costs no config read. Whether a repository still holds the
 * digest is another matter, asked of the registry where it is not known (below, and {@link Found#heldBy}).
 */
public final class FindBuiltImageStep {
    private static final int KNOWN_KEYS = 4096;

    private final RegistryClient client;
    private final BuiltImageIndex index; // null: planned tags only
    private final Map<Digest, String> knownKeys = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, String> eldest) {
            return size() > KNOWN_KEYS;
        }
    });

    public FindBuiltImageStep(RegistryClient client) {
        this(client, null);
    }

    public FindBuiltImageStep(RegistryClient client, BuiltImageIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * An image with the build key, and the repository known to hold it: the one whose planned tag resolved to it, or whose
     * index entry was checked against the registry just now (null: none checked).
     */
    public record Found(Digest digest, ImageRepository heldBy) {
    }

    /**
     * {@link #find(Map, String)}, then the index: the first repository of {@code images} whose recorded digest for {@code key}
     * the registry still holds with that build key.
     */
    public Optional<Found> find(Map<ImageRepository, Map<ImageTag, Digest>> current, String key, List<ImageRepository> images)
            throws BuildFailure {
        Optional<Digest> behindTags = find(current, key);
        if (behindTags.isPresent()) {
            return Optional.of(new Found(behindTags.get(), seenIn(current, behindTags.get())));
        }
        if (index == null) {
            return Optional.empty();
        }
        for (ImageRepository repo : images) {
            Optional<Digest> recorded = index.lookup(repo, key);
            if (recorded.isEmpty()) {
                continue;
            }
            // a known key is not read again; whether the repository still holds the digest always is asked (a HEAD)
            if (key.equals(buildKeyOf(repo, recorded.get())) && PushTagsStep.holds(client, repo, recorded.get())) {
                return Optional.of(new Found(recorded.get(), repo));
            }
            // deleted (pruned) since, or replaced: build as usual, and stop pointing there
            index.forget(repo, key);
        }
        return Optional.empty();
    }

    private static ImageRepository seenIn(Map<ImageRepository, Map<ImageTag, Digest>> current, Digest digest) {
        for (Map.Entry<ImageRepository, Map<ImageTag, Digest>> e : current.entrySet()) {
            if (e.getValue().containsValue(digest)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * Whether the build index names a digest for {@code key} in one of {@code images} (unverified): when it does not, the
     * variant is most likely new, and its build may begin before the planned tags are read.
     */
    public boolean indexed(String key, List<ImageRepository> images) {
        if (index == null) {
            return false;
        }
        for (ImageRepository repo : images) {
            if (index.lookup(repo, key).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Remembers that {@code digests} (repository -> digest) were pushed with build key {@code key}. */
    public void remember(String key, Map<ImageRepository, Digest> digests) {
        digests.values().forEach(digest -> knownKeys.put(digest, key));
        if (index != null) {
            digests.forEach((repo, digest) -> index.record(repo, key, digest));
        }
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

    /** The digest's build key (null: none, or unreadable), read from the registry unless known. */
    private String buildKeyOf(ImageRepository repo, Digest digest) throws BuildFailure {
        String known = knownKeys.get(digest);
        if (known != null) {
            return known;
        }
        try {
            JsonNode key = ImageLabels.read(client, repo, digest).get(BuildKey.LABEL);
            if (key == null) {
                return null;
            }
            knownKeys.put(digest, key.asText());
            return key.asText();
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
