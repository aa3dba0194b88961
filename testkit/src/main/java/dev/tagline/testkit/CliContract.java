package dev.tagline.testkit;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every tagline command promises, for a module's command line to extend: {@code --help} and
 * {@code --version} exit 0, bad usage exits 2 with one line on stderr naming the command. A subclass
 * says how its command line runs and which command paths it has (checking them against its tree).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CliContract {
    /** Runs the module's command line ({@code Cli.run}) with these streams; returns its exit status. */
    protected abstract int run(String[] args, PrintStream out, PrintStream err);

    /** Every command path of the module, e.g. {@code [prune], [prune, plan]}. */
    protected abstract List<List<String>> commands();

    protected final CliRun cli(List<String> args) {
        return CliRun.of(this::run, args.toArray(String[]::new));
    }

    Stream<List<String>> commandPaths() {
        return commands().stream();
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commandPaths")
    void helpExitsZero(List<String> command) {
        CliRun run = cli(with(command, "--help"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Usage: tagline " + String.join(" ", command)), run.out());
        assertTrue(run.out().contains("Exit codes:"), run.out());
    }

    @ParameterizedTest(name = "{0} --version")
    @MethodSource("commandPaths")
    void versionExitsZero(List<String> command) {
        CliRun run = cli(with(command, "--version"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("tagline "), run.out());
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
