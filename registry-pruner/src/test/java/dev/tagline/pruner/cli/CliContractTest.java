package dev.tagline.pruner.cli;

import dev.tagline.cli.Output;
import dev.tagline.testkit.CliContract;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tagline command promises (testkit's CliContract), and old flags warn and work. */
class CliContractTest extends CliContract {
    @Override
    protected List<Object> topCommands() {
        return List.of(new Cli());
    }

    @Override
    protected List<List<String>> commands() {
        return List.of(List.of("prune"), List.of("prune", "snapshot"), List.of("prune", "plan"), List.of("prune", "run"));
    }

    @Test
    void oldFlagsStillWorkWithADeprecationWarning() {
        Parsed<Cli.Run> parsed = parsed(Cli.Run.class, "prune", "run", "--registry", "127.0.0.1:5000", "--repository", "acme/shop",
                "--policy", "p.yml", "--insecure", "--kafka", "127.0.0.1:9092", "--json");
        Cli.Run run = parsed.command();
        String warnings = parsed.warnings();
        assertTrue(warnings.contains("--insecure is deprecated") && warnings.contains("--insecure-registry"), warnings);
        assertTrue(warnings.contains("--kafka is deprecated") && warnings.contains("--bootstrap-servers"), warnings);
        assertTrue(warnings.contains("--json is deprecated") && warnings.contains("--output json"), warnings);
        assertTrue(run.target.insecureSwitch);
        assertEquals("127.0.0.1:9092", run.target.kafka.given());
        assertEquals(Output.JSON, run.output.output());
    }

    @Test
    void newFlagsSayTheSame() {
        Parsed<Cli.Run> parsed = parsed(Cli.Run.class, "prune", "run", "--registry", "127.0.0.1:5000", "--repository", "acme/shop",
                "--policy", "p.yml", "--insecure-registry", "127.0.0.1:5000", "--bootstrap-servers", "127.0.0.1:9092", "--output", "json");
        Cli.Run run = parsed.command();
        assertEquals("", parsed.warnings());
        assertEquals(Set.of("127.0.0.1:5000"), run.target.insecure.registries());
        assertEquals("127.0.0.1:9092", run.target.kafka.given());
        assertEquals(Output.JSON, run.output.output());
        assertTrue(!run.apply, "dry run unless --apply");
    }
}
