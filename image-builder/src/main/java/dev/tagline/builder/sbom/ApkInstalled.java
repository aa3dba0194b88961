package dev.tagline.builder.sbom;

import java.util.ArrayList;
import java.util.List;

/**
 * Alpine's package database, {@code lib/apk/db/installed}: one record per package, separated by blank lines, each
 * line {@code X:value} ({@code P} name, {@code V} version, {@code A} architecture, {@code o} origin, {@code L} license).
 */
public final class ApkInstalled {
    private ApkInstalled() {
    }

    public static List<OsPackage> parse(String text) {
        List<OsPackage> out = new ArrayList<>();
        Record r = new Record();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                r.addTo(out);
                r = new Record();
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':') {
                continue;
            }
            String value = line.substring(2).trim();
            switch (line.charAt(0)) {
                case 'P' -> r.name = value;
                case 'V' -> r.version = value;
                case 'A' -> r.arch = value;
                case 'o' -> r.origin = value;
                case 'L' -> r.license = value;
                default -> {
                }
            }
        }
        r.addTo(out);
        return out;
    }

    private static final class Record {
        String name;
        String version;
        String arch;
        String origin;
        String license;

        void addTo(List<OsPackage> out) {
            if (name != null && version != null) {
                out.add(new OsPackage(OsPackage.APK, name, version, arch, origin, license));
            }
        }
    }
}
