package dev.tagline.builder.signing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.MediaTypes;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.util.List;
import java.util.Map;

/**
 * The OCI objects cosign stores (cosign {@code specs/SIGNATURE_SPEC.md}, {@code ATTESTATION_SPEC.md}): an
 * image manifest whose layers are the signed blobs, under the tag {@code sha256-<hex>.sig} / {@code .att}
 * next to the image, with a config that lists the layers as its diff ids (as cosign's empty image does).
 * tagline adds OCI 1.1's {@code subject} (the signed image) and {@code artifactType}, so the same manifest
 * is also a referrer; clients that predate OCI 1.1 ignore both fields.
 */
public final class CosignManifests {
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
    public static final String SIG_ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    public static final String ATT_ARTIFACT_TYPE = "application/vnd.dev.cosign.artifact.att.v1+json";
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private CosignManifests() {
    }

    /** {@code sha256-<hex>.sig}: where cosign and containers/image look for the signatures of {@code digest}. */
    public static ImageTag signatureTag(Digest digest) {
        return ImageTag.parse("sha256-" + digest.hex() + ".sig");
    }

    /** {@code sha256-<hex>.att}: where cosign looks for attestations. */
    public static ImageTag attestationTag(Digest digest) {
        return ImageTag.parse("sha256-" + digest.hex() + ".att");
    }

    record Config(String architecture, String created, List<History> history, String os, RootFs rootfs,
                  Map<String, Object> config) {
    }

    record History(String created) {
    }

    record RootFs(String type, List<String> diff_ids) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Desc(String mediaType, long size, String digest, Map<String, String> annotations, String artifactType) {
        static Desc of(Descriptor d) {
            return new Desc(d.mediaType(), d.size(), d.digest().value(), d.annotations(), null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImageManifest(int schemaVersion, String mediaType, String artifactType, Desc config, List<Desc> layers, Desc subject) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Index(int schemaVersion, String mediaType, List<Desc> manifests) {
    }

    /** cosign's config: an empty image whose rootfs lists the layers. */
    static byte[] config(List<Descriptor> layers) {
        return json(new Config("", ZERO_TIME, List.of(new History(ZERO_TIME)), "", new RootFs("layers",
                layers.stream().map(l -> l.digest().value()).toList()), Map.of()));
    }

    static byte[] manifest(String artifactType, Descriptor config, List<Descriptor> layers, Descriptor subject) {
        return json(new ImageManifest(2, MediaTypes.OCI_MANIFEST, artifactType, Desc.of(config), layers.stream().map(Desc::of).toList(),
                subject == null ? null : Desc.of(Descriptor.of(subject.mediaType(), subject.digest(), subject.size()))));
    }

    /** The OCI 1.1 referrers tag schema's index (registries without the referrers API). */
    static byte[] referrersIndex(List<Descriptor> manifests) {
        return json(new Index(2, MediaTypes.OCI_INDEX, manifests.stream()
                .map(d -> new Desc(d.mediaType(), d.size(), d.digest().value(), d.annotations(), d.artifactType())).toList()));
    }

    private static byte[] json(Object o) {
        try {
            return Jackson.mapper().writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
