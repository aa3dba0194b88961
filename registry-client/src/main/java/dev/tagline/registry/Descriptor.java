package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;
import io.micronaut.core.annotation.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: what a manifest points at (config, layer, child manifest, referrer),
 * or what a HEAD on a manifest tells (media type, digest, size).
 *
 * @param platform     for index children; null elsewhere or when the platform is absent or not
 *                     expressible as {@link Platform} (e.g. {@code unknown/unknown} stays, odd values are dropped)
 * @param annotations  never null, insertion order kept
 * @param artifactType OCI 1.1 artifact type (referrers), or null
 */
public record Descriptor(String mediaType, Digest digest, long size, @Nullable Platform platform,
                         Map<String, String> annotations, @Nullable String artifactType) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        annotations = annotations == null || annotations.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** A plain descriptor: no platform, annotations or artifact type. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, Map.of(), null);
    }

    /** The descriptor of these exact bytes. */
    public static Descriptor of(String mediaType, byte[] content) {
        return of(mediaType, Digest.of(content), content.length);
    }

    public Descriptor withPlatform(@Nullable Platform p) {
        return new Descriptor(mediaType, digest, size, p, annotations, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, platform, a, artifactType);
    }

    public Descriptor withArtifactType(@Nullable String type) {
        return new Descriptor(mediaType, digest, size, platform, annotations, type);
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }
}
