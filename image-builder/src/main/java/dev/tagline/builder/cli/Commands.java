package dev.tagline.builder.cli;

import dev.tagline.cli.TaglineCommands;

import java.util.List;

/** image-builder's commands in the {@code tagline} tree (for completion). */
public final class Commands implements TaglineCommands {
    @Override
    public List<Object> commands() {
        return Cli.commands();
    }
}
