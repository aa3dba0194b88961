package dev.tagline.cli;

import java.util.List;

/**
 * The top-level commands one jar provides ({@code plan}; {@code prune}; {@code build}, {@code verify};
 * {@code replay}; a {@code policy} module may add {@code policy}). Registered in
 * {@code META-INF/services/dev.tagline.cli.TaglineCommands}, so {@link Completion} can put every jar's
 * commands under one {@code tagline} tree.
 */
public interface TaglineCommands {
    /** New instances of picocli {@code @Command} classes. */
    List<Object> commands();
}
