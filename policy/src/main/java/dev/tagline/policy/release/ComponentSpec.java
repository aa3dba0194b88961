package dev.tagline.policy.release;

import java.util.List;

/**
 * One component of a monorepo: its git tags are {@code <name>/<version>} or {@code <name>-<version>}
 * (or the prefixes given), and they are planned under the component's own policy (the top-level
 * policy with the component's images, tags, flavor, labels, ... over it), with a release history of
 * their own.
 *
 * @param name        [a-z0-9][a-z0-9._-]*; also the name of the component's variant in plans and history
 * @param tagPrefixes what a tag starts with, default {@code <name>/} and {@code <name>-}
 * @param policy      the policy the component's tags are planned under
 */
public record ComponentSpec(String name, List<String> tagPrefixes, ReleasePolicy policy) {
    public ComponentSpec {
        tagPrefixes = List.copyOf(tagPrefixes);
    }

    /** A tag found to be a component's: the component, the prefix it matched, and the rest (the version). */
    public record Match(ComponentSpec component, String prefix, String version) {
    }
}
