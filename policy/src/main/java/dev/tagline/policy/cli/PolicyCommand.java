package dev.tagline.policy.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.ParentCommand;
import dev.tagline.cli.TaglineVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tagline policy}: the policy file's commands. This module brings {@code check};
 * tag-planner adds {@code explain} (it needs the planner), see {@code dev.tagline.planner.cli.PolicyMain}.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, versionProvider = TaglineVersion.class,
        description = "Check policy files and see what they do.",
        subcommands = CheckCommand.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the policy has problems", "2:usage"})
public final class PolicyCommand extends ParentCommand {

    /** The {@code policy} command with its subcommands; callers add more ({@code explain}). */
    public static CommandLine commandLine() {
        return new CommandLine(new PolicyCommand());
    }

    /**
     * Runs {@code tagline policy ARGS} under the {@code tagline} root every command shares (its exit codes,
     * its one-line usage errors); the exit code.
     */
    public static int run(CommandLine policy, String[] args, PrintStream out, PrintStream err) {
        List<String> full = new ArrayList<>(List.of("policy"));
        full.addAll(List.of(args));
        return CommandLines.run(List.of(policy), full.toArray(String[]::new), out, err);
    }

    /** {@code java -cp policy.jar:... dev.tagline.policy.cli.PolicyCommand check FILE|DIR}: the module on its own. */
    public static void main(String[] args) {
        CommandLines.logsToStderr(); // as every command: stdout carries only the result
        System.exit(run(commandLine(), args, System.out, System.err));
    }
}
