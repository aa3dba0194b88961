package dev.tagline.testkit;

import dev.tagline.cli.CommandLines;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every tagline command promises, for a module's command line to extend: {@code --help} ({@code -h}) and
 * {@code --version} ({@code -V}) exit 0, bad usage exits 2 with one line on stderr naming the command. A subclass
 * says which top-level commands its command line has and which command paths they make.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CliContract {
    /**
     * Runs the module's command line with these streams; returns its exit status. By default as every
     * module's {@code Cli.run} does: picocli over {@link #topCommands()} ({@link CommandLines#run}).
     */
    protected int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.run(topCommands(), args, out, err);
    }

    /** The module's top-level command objects, new ones each call (what its {@code Cli} gives picocli). */
    protected abstract List<Object> topCommands();

    /** Every command path of the module, e.g. {@code [prune], [prune, plan]}; checked against the tree of {@link #topCommands()}. */
    protected abstract List<List<String>> commands();

    /** What parsing a command line did: the command object it reached, and what it warned on stderr. */
    protected record Parsed<T>(T command, String warnings) {
    }

    /** Parses {@code args} (without running them) over new {@link #topCommands()}; the command reached must be a {@code type}. */
    protected final <T> Parsed<T> parsed(Class<T> type, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine.ParseResult result = CommandLines.root(topCommands(), System.out, new PrintStream(err, true, StandardCharsets.UTF_8))
                .parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return new Parsed<>(type.cast(result.commandSpec().userObject()), err.toString(StandardCharsets.UTF_8));
    }

    protected final CliRun cli(List<String> args) {
        return CliRun.of(this::run, args.toArray(String[]::new));
    }

    Stream<List<String>> commandPaths() {
        List<List<String>> paths = CommandLines.paths(CommandLines.root(topCommands(), System.out, System.err));
        assertEquals(commands(), paths);
        return paths.stream();
    }

    @ParameterizedTest(name = "{0} --help, -h")
    @MethodSource("commandPaths")
    void helpExitsZero(List<String> command) {
        for (String flag : List.of("--help", "-h")) {
            String usage = outputOfExitZero(command, flag);
            assertTrue(usage.startsWith("Usage: tagline " + String.join(" ", command)), usage);
            assertTrue(usage.contains("Exit codes:"), usage);
        }
    }

    @ParameterizedTest(name = "{0} --version, -V")
    @MethodSource("commandPaths")
    void versionExitsZero(List<String> command) {
        for (String flag : List.of("--version", "-V")) {
            String version = outputOfExitZero(command, flag);
            assertTrue(version.startsWith("tagline "), version);
        }
    }

    private String outputOfExitZero(List<String> command, String flag) {
        CliRun run = cli(with(command, flag));
        assertEquals(0, run.exit(), flag + ": " + run.err());
        return run.out();
    }

    @ParameterizedTest(name = "{0} --frobnicate")
    @MethodSource("commandPaths")
    void badUsageExitsTwoWithOneLine(List<String> command) {
        CliRun run = cli(with(command, "--frobnicate"));
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("tagline " + String.join(" ", command) + ": "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    private static List<String> with(List<String> command, String flag) {
        List<String> args = new ArrayList<>(command);
        args.add(flag);
        return args;
    }
}
