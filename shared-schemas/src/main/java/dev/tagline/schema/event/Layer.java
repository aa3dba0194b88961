package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One image layer: the file or directory {@code source} of the checkout (relative; it may use
 * {@code {os}}, {@code {arch}} and {@code {variant}} to take different files per platform) copied to
 * the absolute path {@code target} in the image.
 *
 * @param excludes globs (relative to {@code source}) left out of the layer
 * @param fileMode octal permissions for every file (e.g. {@code 755}), or null to keep the checkout's
 *                 executable bit (755 if executable, else 644)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Layer(String name, String source, String target, List<String> excludes, String fileMode) {
    private static final Pattern OCTAL = Pattern.compile("[0-7]{3,4}");

    public Layer {
        Require.text("Layer", "name", name);
        Require.text("Layer", "source", source);
        Require.text("Layer", "target", target);
        if (source.startsWith("/") || source.equals("..") || source.startsWith("../") || source.contains("/../")) {
            throw new InvalidEventException("Layer.source '" + source + "' must be a relative path inside the checkout");
        }
        if (!target.startsWith("/")) {
            throw new InvalidEventException("Layer.target '" + target + "' must be an absolute path in the image");
        }
        if (fileMode != null && !OCTAL.matcher(fileMode).matches()) {
            throw new InvalidEventException("Layer.fileMode '" + fileMode + "' must be octal, e.g. 644 or 755");
        }
        excludes = Require.list(excludes);
    }

    /** True when the source names per-platform files. */
    public boolean perPlatform() {
        return source.contains("{os}") || source.contains("{arch}") || source.contains("{variant}");
    }
}
