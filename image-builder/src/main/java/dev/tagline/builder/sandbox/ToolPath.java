package dev.tagline.builder.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recipe's tool path ({@code /opt/jdk}) checked against what the sandbox must never show: it must
 * exist, and neither it nor what it links to may contain, or lie inside, a protected path (the
 * builder's HOME, cache dir, Docker config, /etc, /root, /proc, /sys, /dev, /run, the configured
 * protected paths such as a signing key). {@code /usr} tools are visible anyway.
 *
 * @param declared the path the recipe named, where the sandbox shows it
 * @param real     what it resolves to on the host, which is mounted
 */
record ToolPath(String declared, Path real) {
    static final List<Path> ALWAYS_PROTECTED = List.of(Path.of("/etc"), Path.of("/root"), Path.of("/proc"), Path.of("/sys"),
            Path.of("/dev"), Path.of("/run"), Path.of("/var/run"), Path.of("/boot"), Path.of("/home"));

    /** The checked tool paths, or the reason one is refused. */
    static List<ToolPath> check(List<String> tools, List<Path> protectedPaths) throws RefusedToolException {
        List<Path> guarded = new ArrayList<>(ALWAYS_PROTECTED);
        for (Path p : protectedPaths) {
            guarded.add(p.toAbsolutePath().normalize());
            try {
                guarded.add(p.toRealPath());
            } catch (IOException e) {
                // absent: its declared form is enough
            }
        }
        List<ToolPath> out = new ArrayList<>();
        for (String tool : tools) {
            Path declared = Path.of(tool);
            if (!declared.isAbsolute()) {
                throw new RefusedToolException("tool path '" + tool + "' is not absolute");
            }
            Path real;
            try {
                real = declared.toRealPath();
            } catch (IOException e) {
                throw new RefusedToolException("tool path '" + tool + "' does not exist on this builder");
            }
            for (Path p : List.of(declared.normalize(), real)) {
                if (p.getNameCount() == 0) {
                    throw new RefusedToolException("tool path '" + tool + "' is the whole filesystem");
                }
                for (Path g : guarded) {
                    if (p.startsWith(g) || g.startsWith(p)) {
                        throw new RefusedToolException("tool path '" + tool + "'" + (p.equals(declared) ? "" : " (" + p + ")")
                                + " overlaps " + g + ", which the sandbox never shows");
                    }
                }
            }
            out.add(new ToolPath(tool, real));
        }
        return out;
    }
}
