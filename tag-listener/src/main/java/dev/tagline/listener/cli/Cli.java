package dev.tagline.listener.cli;

import dev.tagline.listener.replay.ReplayCommand;
import dev.tagline.listener.replay.ReplayRequest;
import dev.tagline.listener.replay.UsageException;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;

/** The command line of tag-listener ({@code ./tagline ...} dispatches here). Exit 2 for bad usage. */
public final class Cli {
    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            return switch (command) {
                case "replay" -> new ReplayCommand(out, err, System.console() != null, Clock.systemUTC())
                        .run(ReplayRequest.parse(rest, System.getenv()));
                case "help", "--help", "-h" -> {
                    out.println(ReplayRequest.USAGE);
                    yield 0;
                }
                default -> {
                    err.println("tag-listener: unknown command '" + command + "'\n" + ReplayRequest.USAGE);
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("tag-listener " + command + ": " + e.getMessage());
            return 2;
        }
    }
}
