package dev.tagline.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code tagline}, {@code tagline schedule}): run without one,
 * it is a usage error (exit 2) that names them.
 */
public abstract class ParentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String what = spec.parent() == null ? "a command" : "a subcommand";
        throw new ParameterException(spec.commandLine(), what + " is required (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }
}
