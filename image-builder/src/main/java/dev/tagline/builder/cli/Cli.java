package dev.tagline.builder.cli;

import dev.tagline.cli.CommandLines;

import java.io.PrintStream;
import java.util.List;

/**
 * The command lines of image-builder: {@code tagline build} ({@link BuildCommand}) and
 * {@code tagline verify} ({@link VerifyCommand}). Exit 0 done, 1 failed, 2 usage.
 */
public final class Cli {
    private Cli() {
    }

    /** Runs {@code build ...} or {@code verify ...} as {@code ./tagline} does; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.run(commands(), args, out, err);
    }

    static List<Object> commands() {
        return List.of(new BuildCommand(), new VerifyCommand());
    }
}
