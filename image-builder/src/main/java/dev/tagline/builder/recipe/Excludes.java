package dev.tagline.builder.recipe;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer's exclude globs, matched against paths relative to the layer source with {@code /}
 * separators. A glob excludes a file when it matches the file's path or any of its parent
 * directories ({@code node_modules} drops everything under it); a glob without {@code /} also
 * matches a bare file or directory name at any depth ({@code *.md}), as in a .gitignore.
 */
final class Excludes {
    private final List<PathMatcher> anywhere = new ArrayList<>();
    private final List<PathMatcher> rooted = new ArrayList<>();

    Excludes(List<String> globs) {
        for (String glob : globs) {
            String g = glob.startsWith("/") ? glob.substring(1) : glob;
            if (g.endsWith("/")) {
                g = g.substring(0, g.length() - 1);
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + g);
            (g.contains("/") ? rooted : anywhere).add(m);
        }
    }

    boolean excludes(String relative) {
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            if (prefix.length() > 0) {
                prefix.append('/');
            }
            prefix.append(part);
            Path whole = Path.of(prefix.toString());
            Path name = Path.of(part);
            for (PathMatcher m : rooted) {
                if (m.matches(whole)) {
                    return true;
                }
            }
            for (PathMatcher m : anywhere) {
                if (m.matches(name) || m.matches(whole)) {
                    return true;
                }
            }
        }
        return false;
    }
}
