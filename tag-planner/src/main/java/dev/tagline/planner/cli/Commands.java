package dev.tagline.planner.cli;

import dev.tagline.cli.TaglineCommands;

import java.util.List;

/** tag-planner's commands in the {@code tagline} tree (for completion): {@code plan}, and {@code policy} with its {@code explain}. */
public final class Commands implements TaglineCommands {
    @Override
    public List<Object> commands() {
        return List.of(new Cli(), PolicyMain.commandLine());
    }
}
