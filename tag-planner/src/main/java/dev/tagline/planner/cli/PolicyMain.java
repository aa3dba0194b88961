package dev.tagline.planner.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.policy.cli.PolicyCommand;
import picocli.CommandLine;

import java.io.PrintStream;

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

    /** Runs {@code tagline policy ARGS} as {@code ./tagline policy ARGS} does; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return PolicyCommand.run(commandLine(), args, out, err);
    }

    public static void main(String[] args) {
        CommandLines.logsToStderr(); // as every command: stdout carries only the result
        System.exit(run(args, System.out, System.err));
    }
}
