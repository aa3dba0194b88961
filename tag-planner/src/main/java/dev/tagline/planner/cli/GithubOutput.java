package dev.tagline.planner.cli;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The GitHub Actions file-command format of {@code $GITHUB_OUTPUT} and {@code $GITHUB_ENV}, written as
 * {@code @actions/core} writes it: every value in the multi-line form
 * <pre>
 * name&lt;&lt;DELIMITER
 * value (any number of lines)
 * DELIMITER
 * </pre>
 * with a random delimiter that occurs in neither name nor value.
 */
final class GithubOutput {
    private GithubOutput() {
    }

    static String format(Map<String, String> values, Supplier<String> delimiters) {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> {
            String delimiter = delimiters.get();
            if (name.contains(delimiter) || value.contains(delimiter)) {
                throw new IllegalStateException("the delimiter " + delimiter + " occurs in output " + name);
            }
            if (name.contains("\n") || name.contains("\r")) {
                throw new IllegalArgumentException("an output name must be one line: " + name);
            }
            out.append(name).append("<<").append(delimiter).append('\n').append(value).append('\n').append(delimiter).append('\n');
        });
        return out.toString();
    }
}
