package dev.tagline.planner.explain;

import dev.tagline.policy.cli.PolicyCommand;
import picocli.CommandLine;

/**
 * {@code ./tagline policy check|explain ...}: the policy module's {@code policy} command with
 * tag-planner's {@code explain} added (explain needs the planner; the policy module must not depend on it).
 */
public final class PolicyMain {
    private PolicyMain() {
    }

    public static CommandLine commandLine() {
        CommandLine cl = PolicyCommand.commandLine();
        cl.addSubcommand("explain", new CommandLine(new ExplainCommand()));
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
