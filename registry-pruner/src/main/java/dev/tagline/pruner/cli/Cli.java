package dev.tagline.pruner.cli;

import java.io.PrintStream;

/** The command line of registry-pruner ({@code ./tagline ...} dispatches here). Exit 2 for bad usage. */
public final class Cli {
    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("registry-pruner: unknown command '" + args[0] + "'");
        return 2;
    }
}
