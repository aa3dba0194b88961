package dev.tagline.builder.recipe;

import dev.tagline.schema.value.Platform;

/** Expands {@code {os}}, {@code {arch}} and {@code {variant}} in a layer source for one platform. */
public final class PlatformPath {
    private PlatformPath() {
    }

    /**
     * {@code dist/{os}/{arch}} for {@code linux/arm64} is {@code dist/linux/arm64}. A platform without a
     * variant expands {@code {variant}} to nothing, and the empty path component it may leave is dropped.
     */
    public static String expand(String source, Platform platform) {
        String variant = platform.variant() == null ? "" : platform.variant();
        String s = source.replace("{os}", platform.os())
                .replace("{arch}", platform.architecture())
                .replace("{variant}", variant);
        while (s.contains("//")) {
            s = s.replace("//", "/");
        }
        if (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? "." : s;
    }
}
