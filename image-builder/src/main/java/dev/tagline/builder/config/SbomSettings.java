package dev.tagline.builder.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The SBOM attached to every image a plan pushes ({@code tagline.builder.sbom.*}).
 *
 * @param enabled       false: no SBOM is generated or attached
 * @param maxLayerBytes a layer read from the registry (not found in jib's local cache) larger than this is not read
 *                      into memory: the SBOM lists it as unscanned instead of its packages or files
 */
@ConfigurationProperties("tagline.builder.sbom")
public record SbomSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "268435456") long maxLayerBytes) {
    public static final SbomSettings DEFAULT = new SbomSettings(true, 256L << 20);
    public static final SbomSettings DISABLED = new SbomSettings(false, 256L << 20);

    public SbomSettings {
        maxLayerBytes = maxLayerBytes <= 0 ? 256L << 20 : maxLayerBytes;
    }
}
