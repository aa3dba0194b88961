package dev.tagline.builder.cli;

import java.io.PrintStream;

/** The command line of image-builder ({@code ./tagline ...} dispatches here). Exit 2 for bad usage. */
public final class Cli {
    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("image-builder: unknown command '" + args[0] + "'");
        return 2;
    }
}
