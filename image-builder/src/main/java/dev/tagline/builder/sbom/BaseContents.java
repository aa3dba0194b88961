package dev.tagline.builder.sbom;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the base image's layers hold, as far as the SBOM tells: the distribution and its installed packages.
 *
 * @param unscanned layer digests that could not be read (too large, unknown compression): the package list may
 *                  miss what they hold, and the SBOM says so
 */
public record BaseContents(OsRelease os, List<OsPackage> packages, List<String> unscanned) {
    public static final BaseContents NONE = new BaseContents(OsRelease.UNKNOWN, List.of(), List.of());

    public BaseContents {
        packages = List.copyOf(packages);
        unscanned = List.copyOf(unscanned);
    }

    /** From the files visible after stacking the base layers ({@link LayerDelta#overlay}). */
    public static BaseContents of(Map<String, byte[]> files, List<String> unscanned) {
        byte[] release = files.getOrDefault("etc/os-release", files.get("usr/lib/os-release"));
        OsRelease os = release == null ? OsRelease.UNKNOWN : OsRelease.parse(text(release));
        TreeSet<OsPackage> packages = new TreeSet<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String path = f.getKey();
            if (path.equals("var/lib/dpkg/status") || path.startsWith("var/lib/dpkg/status.d/")) {
                packages.addAll(DpkgStatus.parse(text(f.getValue())));
            } else if (path.equals("lib/apk/db/installed")) {
                packages.addAll(ApkInstalled.parse(text(f.getValue())));
            }
        }
        return new BaseContents(os, List.copyOf(packages), unscanned);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
