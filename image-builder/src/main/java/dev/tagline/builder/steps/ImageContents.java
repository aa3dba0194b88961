package dev.tagline.builder.steps;

import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.PlatformImage;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.Platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pushed image consists of, read back from the registry: its media type, its platforms (for
 * an index) and every blob it references, so bytes can be split into uploaded and reused.
 */
public record ImageContents(Digest digest, String mediaType, List<PlatformImage> platforms, Map<Digest, Long> blobs) {

    public static ImageContents read(RegistryClient client, ImageRepository repo, Digest digest, Platform single) throws BuildFailure {
        try {
            Manifest top = client.getManifest(repo, digest);
            Map<Digest, Long> blobs = new LinkedHashMap<>();
            List<PlatformImage> platforms = new ArrayList<>();
            if (top.isIndex()) {
                for (Descriptor child : top.manifests()) {
                    if (child.platform() != null) {
                        platforms.add(new PlatformImage(child.platform(), child.digest()));
                    }
                    addBlobs(client.getManifest(repo, child.digest()), blobs);
                }
            } else {
                if (single != null) {
                    platforms.add(new PlatformImage(single, digest));
                }
                addBlobs(top, blobs);
            }
            return new ImageContents(digest, top.mediaType(), List.copyOf(platforms), Map.copyOf(blobs));
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
        }
    }

    private static void addBlobs(Manifest m, Map<Digest, Long> blobs) {
        if (m.config() != null) {
            blobs.put(m.config().digest(), m.config().size());
        }
        for (Descriptor layer : m.layers()) {
            blobs.put(layer.digest(), layer.size());
        }
    }

    public long totalBytes() {
        return blobs.values().stream().mapToLong(Long::longValue).sum();
    }
}
