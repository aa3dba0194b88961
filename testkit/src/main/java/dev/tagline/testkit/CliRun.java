package dev.tagline.testkit;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** One run of a module's command line in this JVM, as {@code ./tagline} would run it: its exit status and what it printed. */
public record CliRun(int exit, String out, String err) {

    /** A module's {@code Cli.run(args, out, err)}, returning the exit status. */
    @FunctionalInterface
    public interface Main {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    public static CliRun of(Main cli, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A picocli command line executed as its {@code main} executes it, printing to the captured streams. */
    public static CliRun of(CommandLine commandLine, String... args) {
        return of((a, out, err) -> {
            commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            return commandLine.execute(a);
        }, args);
    }
}
