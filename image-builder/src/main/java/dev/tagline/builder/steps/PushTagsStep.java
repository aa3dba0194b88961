package dev.tagline.builder.steps;

import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes every planned tag point at the built digest, idempotently: it reads what each tag points at
 * first, and writes only the tags that are absent or point elsewhere, as manifest PUTs of the
 * digest's exact bytes (a retag: zero blob uploads).
 */
public final class PushTagsStep {
    private final RegistryClient client;

    public PushTagsStep(RegistryClient client) {
        this.client = client;
    }

    /** What each planned tag points at now (absent tags are left out). */
    public Map<ImageTag, Digest> current(ImageRepository repo, List<ImageTag> planned) throws BuildFailure {
        Map<ImageTag, Digest> now = new LinkedHashMap<>();
        for (ImageTag tag : planned) {
            try {
                Optional<Descriptor> d = client.resolve(repo, tag);
                d.ifPresent(descriptor -> now.put(tag, descriptor.digest()));
            } catch (RegistryException e) {
                throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
            }
        }
        return now;
    }

    /** True when the repository holds the manifest. */
    public boolean holds(ImageRepository repo, Digest digest) throws BuildFailure {
        try {
            return client.resolve(repo, digest).isPresent();
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
        }
    }

    /**
     * Writes the missing tags. {@code alreadyWritten} are tags the build itself just wrote (jib's
     * manifest list is pushed under one tag); they count as written but are not PUT twice.
     */
    public TagDiff push(ImageRepository repo, List<ImageTag> planned, Map<ImageTag, Digest> before, Digest digest,
                        Set<ImageTag> alreadyWritten) throws BuildFailure {
        TagDiff diff = TagDiff.of(planned, before, digest);
        Manifest manifest = null;
        for (ImageTag tag : diff.missing()) {
            if (alreadyWritten.contains(tag)) {
                continue;
            }
            try {
                if (manifest == null) {
                    manifest = client.getManifest(repo, digest);
                }
                client.putManifest(repo, tag, manifest.bytes(), manifest.mediaType());
            } catch (RegistryException e) {
                throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
            }
        }
        return diff;
    }
}
