package dev.tagline.policy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tagline policy}: the policy file's commands. This module brings {@code check};
 * tag-planner adds {@code explain} (it needs the planner), see {@code dev.tagline.planner.explain.PolicyMain}.
 * Exit codes: 0 ok, 1 the policy has problems, 2 usage.
 */
@Command(name = "tagline policy", mixinStandardHelpOptions = true, versionProvider = PolicyCommand.Version.class,
        description = "Check policy files and see what they do.",
        subcommands = {CheckCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the policy has problems", "2:usage"})
public final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The {@code policy} command line with its subcommands; callers add more ({@code explain}). */
    public static CommandLine commandLine() {
        return new CommandLine(new PolicyCommand());
    }

    /** {@code java -cp policy.jar dev.tagline.policy.cli.PolicyCommand check FILE|DIR}: the module on its own. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PolicyCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tagline policy " + (v == null ? "(development build)" : v)};
        }
    }
}
