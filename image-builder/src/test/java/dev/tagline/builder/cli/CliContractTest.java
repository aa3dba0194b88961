package dev.tagline.builder.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.testkit.CliContract;
import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tagline command promises (testkit's CliContract), for build and verify. */
class CliContractTest extends CliContract {
    @Override
    protected int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(args, out, err);
    }

    @Override
    protected List<List<String>> commands() {
        List<List<String>> paths = CommandLines.paths(CommandLines.root(Cli.commands(), System.out, System.err));
        assertEquals(List.of(List.of("build"), List.of("verify")), paths);
        return paths;
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
        CliRun run = cli(List.of("build", bad.toString(), "--dry-run"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("is not a valid TagPlan"), run.err());
    }
}
