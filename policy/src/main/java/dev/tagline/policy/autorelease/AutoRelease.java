package dev.tagline.policy.autorelease;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code release:} section of a policy file: tagline decides the next version from the Conventional
 * Commits pushed to a releasing branch and creates the tag itself. Off unless the section is present
 * (and {@code enabled} is not false).
 *
 * @param from           where versions come from; only {@code conventional-commits}
 * @param branches       the releasing branches, in the order written (the first matching one applies)
 * @param tagFormat      the tag name of a version, with {@code {{version}}} (default {@code v{{version}}})
 * @param initialVersion the first release when no earlier release tag is reachable (default {@code 1.0.0})
 * @param bumps          commit type -> bump level; types not listed bump nothing (breaking changes always do)
 * @param annotated      whether the tag is annotated, with the changelog as its message (default true)
 * @param dryRun         decide and publish the decision, but push no tag
 * @param skipMarker     a commit whose message holds it does not count (default {@code [skip release]})
 */
public record AutoRelease(String from, List<ReleaseBranch> branches, String tagFormat, String initialVersion,
                          Map<String, Bump> bumps, boolean annotated, boolean dryRun, String skipMarker) {
    public static final String FROM_CONVENTIONAL_COMMITS = "conventional-commits";
    public static final String DEFAULT_TAG_FORMAT = "v{{version}}";
    public static final String DEFAULT_INITIAL_VERSION = "1.0.0";
    public static final String DEFAULT_SKIP_MARKER = "[skip release]";
    public static final Map<String, Bump> DEFAULT_BUMPS = Map.of("feat", Bump.MINOR, "fix", Bump.PATCH, "perf", Bump.PATCH);

    /** How far a commit moves the version. Ordered: a later constant is a bigger bump. */
    public enum Bump {
        NONE, PATCH, MINOR, MAJOR
    }

    public AutoRelease {
        branches = List.copyOf(branches);
        bumps = Map.copyOf(bumps);
        if (!tagFormat.contains("{{version}}")) {
            throw new IllegalArgumentException("tagFormat must contain {{version}}");
        }
    }

    /** The rule of a branch (its short name, {@code main}, {@code release/1.x}), if it releases. */
    public Optional<ReleaseBranch> branch(String shortName) {
        return branches.stream().filter(b -> b.matches(shortName)).findFirst();
    }

    /** The tag name of {@code version}. */
    public String tagName(String version) {
        return tagFormat.replace("{{version}}", version);
    }

    /** The version a tag name carries under {@link #tagFormat()}, or empty when the tag does not have that form. */
    public Optional<String> versionOf(String tagName) {
        int at = tagFormat.indexOf("{{version}}");
        String prefix = tagFormat.substring(0, at);
        String suffix = tagFormat.substring(at + "{{version}}".length());
        if (tagName.length() <= prefix.length() + suffix.length() || !tagName.startsWith(prefix) || !tagName.endsWith(suffix)) {
            return Optional.empty();
        }
        return Optional.of(tagName.substring(prefix.length(), tagName.length() - suffix.length()));
    }
}
