package dev.tagline.builder.cli;

import dev.tagline.cli.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tagline command promises: --help and --version exit 0, bad usage exit 2 with one line. */
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
        List<List<String>> paths = CommandLines.paths(CommandLines.root(Cli.commands(), System.out, System.err));
        assertEquals(List.of(List.of("build"), List.of("verify")), paths);
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

    @Test
    void theOldInsecureFlagWarnsAndStillWorks() {
        BuildCommand build = new BuildCommand();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLines.root(List.of(build), System.out, new PrintStream(err, true, StandardCharsets.UTF_8))
                .parseArgs("build", "plan.json", "--insecure", "127.0.0.1:5000", "--insecure-registry", "127.0.0.1:5001");
        assertEquals(java.util.Set.of("127.0.0.1:5000", "127.0.0.1:5001"), build.insecure.registries());
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("tagline: warning: --insecure HOST:PORT is deprecated") && warning.contains("--insecure-registry"), warning);
    }

    @Test
    void aPlanThatIsNotATagPlanIsUsage() throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("not-a-plan", ".json");
        java.nio.file.Files.writeString(bad, "{\"hello\": 1}");
        Run run = cli(List.of("build", bad.toString(), "--dry-run"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("is not a valid TagPlan"), run.err());
    }
}
