package dev.tagline.builder.sbom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Debian's package database: {@code var/lib/dpkg/status} (every installed package, one paragraph each) and the
 * files of {@code var/lib/dpkg/status.d/} (distroless: one package per file, usually without a {@code Status}).
 * A paragraph is kept when it names a package and a version and its {@code Status} (if any) ends in
 * {@code installed}: removed packages whose config files remain ({@code deinstall ok config-files}) are not installed.
 */
public final class DpkgStatus {
    private DpkgStatus() {
    }

    public static List<OsPackage> parse(String text) {
        List<OsPackage> out = new ArrayList<>();
        for (Map<String, String> p : paragraphs(text)) {
            String name = p.get("package");
            String version = p.get("version");
            if (name == null || version == null) {
                continue;
            }
            String status = p.get("status");
            if (status != null && !status.trim().endsWith(" installed")) {
                continue;
            }
            out.add(new OsPackage(OsPackage.DEB, name, version, p.get("architecture"), sourceName(p.get("source")), null));
        }
        return out;
    }

    /** {@code Source: openssl (3.0.11-1)} names the source package and, in parentheses, its version when it differs. */
    private static String sourceName(String source) {
        if (source == null) {
            return null;
        }
        int paren = source.indexOf('(');
        return (paren < 0 ? source : source.substring(0, paren)).trim();
    }

    /** RFC 822-style paragraphs, separated by blank lines; keys lowercased; continuation lines (leading blank) appended. */
    static List<Map<String, String>> paragraphs(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    out.add(current);
                    current = new LinkedHashMap<>();
                }
                lastKey = null;
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (lastKey != null) {
                    current.put(lastKey, current.get(lastKey) + "\n" + line.trim());
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            lastKey = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            current.put(lastKey, line.substring(colon + 1).trim());
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
