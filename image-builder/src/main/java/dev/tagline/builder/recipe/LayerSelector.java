package dev.tagline.builder.recipe;

import dev.tagline.schema.event.Layer;
import dev.tagline.schema.value.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns one recipe {@link Layer} into the files of one platform's layer, in a stable order (sorted
 * by target path), so the layer's bytes depend only on the checkout's content.
 *
 * <ul>
 *   <li>A directory source copies its content under {@code target} ({@code dist -> /app} puts
 *       {@code dist/a.txt} at {@code /app/a.txt}).</li>
 *   <li>A file source is copied to {@code target}, or into it when {@code target} ends with {@code /}.</li>
 *   <li>Symbolic links are left out (they could point outside the checkout), and a source reached
 *       through a linked directory that leaves the checkout is refused; directories are created by
 *       the layer as needed.</li>
 *   <li>Mode: the layer's {@code fileMode} for every file, otherwise 755 for executables and 644 for
 *       the rest.</li>
 * </ul>
 */
public final class LayerSelector {
    private LayerSelector() {
    }

    public static List<LayerEntry> select(Path checkout, Layer layer, Platform platform) throws RecipeException {
        String expanded = PlatformPath.expand(layer.source(), platform);
        Path root = checkout.toAbsolutePath().normalize();
        Path source = root.resolve(expanded).normalize();
        String shown = layer.perPlatform()
                ? "'" + layer.source() + "' (for " + platform + ": '" + expanded + "')"
                : "'" + layer.source() + "'";
        if (!source.startsWith(root)) {
            throw new RecipeException("layer '" + layer.name() + "': source " + shown + " leaves the checkout");
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new RecipeException("layer '" + layer.name() + "': source " + shown + " does not exist in the checkout");
        }
        if (Files.isSymbolicLink(source)) {
            throw new RecipeException("layer '" + layer.name() + "': source " + shown + " is a symbolic link; name the file it points to");
        }
        if (!realPath(source).startsWith(realPath(root))) {
            // a directory on the way is a link out of the checkout (a build command can make one): the
            // builder, outside the sandbox, would read the host's files into the image
            throw new RecipeException("layer '" + layer.name() + "': source " + shown + " leaves the checkout through a symbolic link");
        }
        Integer fixedMode = layer.fileMode() == null ? null : Integer.parseInt(layer.fileMode(), 8);
        Excludes excludes = new Excludes(layer.excludes());
        List<LayerEntry> entries = new ArrayList<>();
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            String base = stripSlash(layer.target());
            for (Path file : regularFiles(source)) {
                String rel = slashes(source.relativize(file));
                if (!excludes.excludes(rel)) {
                    entries.add(new LayerEntry(file, (base.equals("/") ? "" : base) + "/" + rel, mode(file, fixedMode)));
                }
            }
        } else {
            String name = source.getFileName().toString();
            if (!excludes.excludes(name)) {
                String target = layer.target().endsWith("/") ? layer.target() + name : layer.target();
                entries.add(new LayerEntry(source, target, mode(source, fixedMode)));
            }
        }
        entries.sort(Comparator.comparing(LayerEntry::target));
        return List.copyOf(entries);
    }

    private static Path realPath(Path p) throws RecipeException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new RecipeException("cannot resolve " + p + ": " + e.getMessage());
        }
    }

    private static List<Path> regularFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static int mode(Path file, Integer fixedMode) {
        if (fixedMode != null) {
            return fixedMode;
        }
        return Files.isExecutable(file) ? 0755 : 0644;
    }

    private static String stripSlash(String target) {
        return target.length() > 1 && target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
