package dev.tagline.pruner.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tagline command promises: --help and --version exit 0, bad usage exit 2 with a message, old flags warn and work. */
class CliContractTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run cli(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<List<String>> commands() {
        List<List<String>> paths = CommandLines.paths(CommandLines.root(List.of(new Cli()), System.out, System.err));
        assertEquals(List.of(List.of("prune"), List.of("prune", "snapshot"), List.of("prune", "plan"), List.of("prune", "run")), paths);
        return paths.stream();
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void helpExitsZero(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        Run run = cli(args);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Usage: tagline " + String.join(" ", command)), run.out());
        assertTrue(run.out().contains("Exit codes:"), run.out());
    }

    @ParameterizedTest(name = "{0} --version")
    @MethodSource("commands")
    void versionExitsZero(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--version");
        Run run = cli(args);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("tagline "), run.out());
    }

    @ParameterizedTest(name = "{0} --frobnicate")
    @MethodSource("commands")
    void badUsageExitsTwoWithOneLine(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--frobnicate");
        Run run = cli(args);
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("tagline " + String.join(" ", command) + ": "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    private static <T> T parsed(Class<T> type, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine root = CommandLines.root(List.of(new Cli()), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        CommandLine.ParseResult result = root.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        String warnings = err.toString(StandardCharsets.UTF_8);
        WARNINGS.set(warnings);
        return type.cast(result.commandSpec().userObject());
    }

    private static final ThreadLocal<String> WARNINGS = new ThreadLocal<>();

    @Test
    void oldFlagsStillWorkWithADeprecationWarning() {
        Cli.Run run = parsed(Cli.Run.class, "prune", "run", "--registry", "127.0.0.1:5000", "--repository", "acme/shop", "--policy", "p.yml",
                "--insecure", "--kafka", "127.0.0.1:9092", "--json");
        String warnings = WARNINGS.get();
        assertTrue(warnings.contains("--insecure is deprecated") && warnings.contains("--insecure-registry"), warnings);
        assertTrue(warnings.contains("--kafka is deprecated") && warnings.contains("--bootstrap-servers"), warnings);
        assertTrue(warnings.contains("--json is deprecated") && warnings.contains("--output json"), warnings);
        assertTrue(run.target.insecureSwitch);
        assertEquals("127.0.0.1:9092", run.target.kafka.given());
        assertEquals(Output.JSON, run.output.output());
    }

    @Test
    void newFlagsSayTheSame() {
        Cli.Run run = parsed(Cli.Run.class, "prune", "run", "--registry", "127.0.0.1:5000", "--repository", "acme/shop", "--policy", "p.yml",
                "--insecure-registry", "127.0.0.1:5000", "--bootstrap-servers", "127.0.0.1:9092", "--output", "json");
        assertEquals("", WARNINGS.get());
        assertEquals(Set.of("127.0.0.1:5000"), run.target.insecure.registries());
        assertEquals("127.0.0.1:9092", run.target.kafka.given());
        assertEquals(Output.JSON, run.output.output());
        assertTrue(!run.apply, "dry run unless --apply");
    }
}
