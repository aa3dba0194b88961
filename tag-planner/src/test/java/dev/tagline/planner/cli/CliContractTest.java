package dev.tagline.planner.cli;

import dev.tagline.testkit.CliContract;

import java.util.List;

/** What every tagline command promises (testkit's CliContract), for plan and for policy with its check and explain. */
class CliContractTest extends CliContract {
    @Override
    protected List<Object> topCommands() {
        return new Commands().commands();
    }

    @Override
    protected List<List<String>> commands() {
        return List.of(List.of("plan"), List.of("policy"), List.of("policy", "check"), List.of("policy", "explain"));
    }
}
