package dev.tagline.registry;

import java.util.List;
import java.util.Set;

/** Manifest and index media types of the OCI image spec and Docker's image manifest v2. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** Schema 1 is never asked for; a registry answering with it gets a clear UNSUPPORTED error. */
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** Every manifest and index type we understand, in the order we prefer them. */
    public static final List<String> ALL_MANIFESTS = List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

    /**
     * The Accept header for manifest requests. Always send it: without it Distribution 2.8 answers
     * 404 for an OCI manifest and converts a Docker manifest list to schema 1 (another digest).
     */
    public static final String ACCEPT_ALL = String.join(", ", ALL_MANIFESTS);

    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> IMAGES = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

    private MediaTypes() {
    }

    /** An OCI image index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(normalize(mediaType));
    }

    /** An OCI image manifest or a Docker image manifest v2. */
    public static boolean isImageManifest(String mediaType) {
        return IMAGES.contains(normalize(mediaType));
    }

    public static boolean isManifest(String mediaType) {
        return isIndex(mediaType) || isImageManifest(mediaType);
    }

    /** Drops parameters ({@code ; charset=utf-8}) and surrounding blanks, lowercases. */
    public static String normalize(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semi = mediaType.indexOf(';');
        String base = semi < 0 ? mediaType : mediaType.substring(0, semi);
        return base.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
