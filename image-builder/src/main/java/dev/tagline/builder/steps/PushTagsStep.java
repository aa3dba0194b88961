package dev.tagline.builder.steps;

import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Makes every planned tag point at the built digest, idempotently: it reads what each tag points at
 * first, and writes only the tags that are absent or point elsewhere, as manifest PUTs of the
 * digest's exact bytes (a retag: zero blob uploads). The tags of one call are read at once, and written
 * at once (one round trip of time for all of them, not one per tag); which tags a call writes (immutable
 * ones, or floating ones) is the caller's order.
 */
public final class PushTagsStep {
    private final RegistryClient client;
    private final ExecutorService io;

    public PushTagsStep(RegistryClient client) {
        this(client, null);
    }

    /** {@code io}: where the round trips of one call run at once (null: one after the other). */
    public PushTagsStep(RegistryClient client, ExecutorService io) {
        this.client = client;
        this.io = io;
    }

    /** What each planned tag points at now (absent tags are left out), in planned order. */
    public Map<ImageTag, Digest> current(ImageRepository repo, List<ImageTag> planned) throws BuildFailure {
        List<Parallel.Task<Optional<Descriptor>>> heads = new ArrayList<>();
        for (ImageTag tag : planned) {
            heads.add(() -> {
                try {
                    return client.resolve(repo, tag);
                } catch (RegistryException e) {
                    throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
                }
            });
        }
        List<Optional<Descriptor>> found = Parallel.each(io, BuildFailure.Stage.PUSH, heads);
        Map<ImageTag, Digest> now = new LinkedHashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            Optional<Descriptor> d = found.get(i);
            ImageTag tag = planned.get(i);
            d.ifPresent(descriptor -> now.put(tag, descriptor.digest()));
        }
        return now;
    }

    /**
     * What {@code planned} point at now, from what they pointed at earlier ({@code seen}, read when the variant started),
     * asking again only for those that already pointed at {@code digest} (an earlier plan may have moved one since: then
     * it must be written again). A tag seen absent or elsewhere is written anyway, so it needs no second look.
     */
    public Map<ImageTag, Digest> recheck(ImageRepository repo, List<ImageTag> planned, Map<ImageTag, Digest> seen, Digest digest)
            throws BuildFailure {
        List<ImageTag> atDigest = planned.stream().filter(t -> digest.equals(seen.get(t))).toList();
        Map<ImageTag, Digest> now = current(repo, atDigest);
        Map<ImageTag, Digest> out = new LinkedHashMap<>();
        for (ImageTag tag : planned) {
            Digest d = atDigest.contains(tag) ? now.get(tag) : seen.get(tag);
            if (d != null) {
                out.put(tag, d);
            }
        }
        return out;
    }

    /** True when the repository holds the manifest. */
    public boolean holds(ImageRepository repo, Digest digest) throws BuildFailure {
        return holds(client, repo, digest);
    }

    /** True when the repository holds the manifest (a HEAD). */
    static boolean holds(RegistryClient client, ImageRepository repo, Digest digest) throws BuildFailure {
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
        List<ImageTag> toWrite = diff.missing().stream().filter(t -> !alreadyWritten.contains(t)).toList();
        if (toWrite.isEmpty()) {
            return diff;
        }
        Manifest manifest;
        try {
            manifest = client.getManifest(repo, digest);
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
        }
        List<Parallel.Task<Void>> puts = new ArrayList<>();
        for (ImageTag tag : toWrite) {
            puts.add(() -> {
                try {
                    client.putManifest(repo, tag, manifest.bytes(), manifest.mediaType());
                    return null;
                } catch (RegistryException e) {
                    throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
                }
            });
        }
        Parallel.each(io, BuildFailure.Stage.PUSH, puts);
        return diff;
    }
}
