package dev.tagline.listener.cli;

import dev.tagline.cli.TaglineCommands;

import java.util.List;

/** tag-listener's commands in the {@code tagline} tree (for completion). */
public final class Commands implements TaglineCommands {
    @Override
    public List<Object> commands() {
        return Cli.commands();
    }
}
