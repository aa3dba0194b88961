package dev.tagline.builder.sbom;

import dev.tagline.builder.push.ReferrerArtifact;
import dev.tagline.registry.Descriptor;
import dev.tagline.schema.value.Digest;

import java.util.Map;

/**
 * The registry objects that carry an SBOM, as {@code cosign attach sbom} writes them and as an OCI 1.1 referrer at once
 * ({@link ReferrerArtifact}): one OCI image manifest whose single layer is the SBOM ({@code application/vnd.cyclonedx+json}),
 * tagged {@code sha256-<hex>.sbom} (cosign) and, on a registry without the referrers API, listed in the referrers fallback
 * index tagged {@code sha256-<hex>}. The same SBOM and subject always give the same manifest digest.
 */
public final class SbomManifest {
    public static final String TAG_SUFFIX = ".sbom";
    /** Annotation naming what made the SBOM: same generator, same subject, same SBOM (see {@link CycloneDxSbom}). */
    public static final String GENERATOR = "dev.tagline.sbom.generator";

    private SbomManifest() {
    }

    public static ReferrerArtifact of(byte[] sbom, Descriptor subject, String generator) {
        return ReferrerArtifact.of(sbom, CycloneDxSbom.MEDIA_TYPE, subject, Map.of(GENERATOR, generator));
    }

    /** {@code sha256-<hex>.sbom}: where cosign looks for the SBOM of {@code subject}. */
    public static String tag(Digest subject) {
        return ReferrerArtifact.tag(subject, TAG_SUFFIX);
    }
}
