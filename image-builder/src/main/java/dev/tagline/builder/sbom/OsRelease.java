package dev.tagline.builder.sbom;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code etc/os-release} (or {@code usr/lib/os-release}): the distribution's {@code ID} and {@code VERSION_ID}, which
 * name the purl namespace ({@code pkg:deb/debian/...}, {@code pkg:deb/ubuntu/...}) and its {@code distro} qualifier.
 */
public record OsRelease(String id, String versionId) {
    public static final OsRelease UNKNOWN = new OsRelease(null, null);

    public static OsRelease parse(String text) {
        Map<String, String> v = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            v.put(line.substring(0, eq).trim(), value);
        }
        String id = v.get("ID");
        return new OsRelease(id == null || id.isBlank() ? null : id.toLowerCase(Locale.ROOT), blankToNull(v.get("VERSION_ID")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code debian-12}, {@code alpine-3.19.1}; null when unknown. */
    public String distro() {
        if (id == null) {
            return null;
        }
        return versionId == null ? id : id + "-" + versionId;
    }
}
