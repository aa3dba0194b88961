package dev.tagline.builder.sbom;

/**
 * A regular file of a layer tagline added to the base.
 *
 * @param path   absolute path in the image
 * @param sha256 hex digest of the content
 * @param maven  the jar's Maven coordinates (from its {@code pom.properties}), or null
 */
public record AddedFile(String path, String sha256, long size, MavenCoordinates maven) {
}
