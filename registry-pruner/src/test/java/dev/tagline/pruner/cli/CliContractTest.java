package dev.tagline.pruner.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.Output;
import dev.tagline.testkit.CliContract;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tagline command promises (testkit's CliContract), and old flags warn and work. */
class CliContractTest extends CliContract {
    @Override
    protected int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(args, out, err);
    }

    @Override
    protected List<List<String>> commands() {
        List<List<String>> paths = CommandLines.paths(CommandLines.root(List.of(new Cli()), System.out, System.err));
        assertEquals(List.of(List.of("prune"), List.of("prune", "snapshot"), List.of("prune", "plan"), List.of("prune", "run")), paths);
        return paths;
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
