package dev.tagline.builder.sbom;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import java.util.Properties;

/** A jar's Maven coordinates, from its {@code META-INF/maven/<group>/<artifact>/pom.properties}. */
public record MavenCoordinates(String groupId, String artifactId, String version) {

    /** The coordinates in a {@code pom.properties} text, or empty when one of the three is missing or blank. */
    public static Optional<MavenCoordinates> parsePomProperties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String g = p.getProperty("groupId", "").trim();
        String a = p.getProperty("artifactId", "").trim();
        String v = p.getProperty("version", "").trim();
        if (g.isEmpty() || a.isEmpty() || v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MavenCoordinates(g, a, v));
    }

    /** True for {@code META-INF/maven/<group>/<artifact>/pom.properties} (any depth of group is not allowed: exactly two). */
    public static boolean isPomPropertiesPath(String entry) {
        if (!entry.startsWith("META-INF/maven/") || !entry.endsWith("/pom.properties")) {
            return false;
        }
        String middle = entry.substring("META-INF/maven/".length(), entry.length() - "/pom.properties".length());
        int slash = middle.indexOf('/');
        return slash > 0 && slash == middle.lastIndexOf('/') && slash < middle.length() - 1;
    }
}
