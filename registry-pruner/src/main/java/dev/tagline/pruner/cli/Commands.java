package dev.tagline.pruner.cli;

import dev.tagline.cli.TaglineCommands;

import java.util.List;

/** registry-pruner's commands in the {@code tagline} tree (for completion). */
public final class Commands implements TaglineCommands {
    @Override
    public List<Object> commands() {
        return List.of(new Cli());
    }
}
