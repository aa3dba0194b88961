package dev.tagline.builder.sbom;

import java.util.Comparator;
import java.util.Objects;

/**
 * One package of the base image's package database.
 *
 * @param type    purl type: {@code deb} (dpkg) or {@code apk} (Alpine)
 * @param source  the source package (dpkg {@code Source}, apk {@code o:} origin), null when absent or equal to the name
 * @param license the apk {@code L:} field as written, null elsewhere
 */
public record OsPackage(String type, String name, String version, String arch, String source, String license)
        implements Comparable<OsPackage> {
    public static final String DEB = "deb";
    public static final String APK = "apk";

    private static final Comparator<OsPackage> ORDER = Comparator.comparing(OsPackage::type)
            .thenComparing(OsPackage::name).thenComparing(OsPackage::version).thenComparing(p -> Objects.toString(p.arch(), ""));

    public OsPackage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        arch = blankToNull(arch);
        source = blankToNull(source);
        source = name.equals(source) ? null : source;
        license = blankToNull(license);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public int compareTo(OsPackage o) {
        return ORDER.compare(this, o);
    }
}
