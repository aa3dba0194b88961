package dev.tagline.builder.cli;

import dev.tagline.testkit.CliContract;
import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every tagline command promises (testkit's CliContract), for build and verify. */
class CliContractTest extends CliContract {
    @Override
    protected List<Object> topCommands() {
        return Cli.commands();
    }

    @Override
    protected List<List<String>> commands() {
        return List.of(List.of("build"), List.of("verify"));
    }

    @Test
    void theOldInsecureFlagWarnsAndStillWorks() {
        Parsed<BuildCommand> parsed = parsed(BuildCommand.class,
                "build", "plan.json", "--insecure", "127.0.0.1:5000", "--insecure-registry", "127.0.0.1:5001");
        assertEquals(java.util.Set.of("127.0.0.1:5000", "127.0.0.1:5001"), parsed.command().insecure.registries());
        String warning = parsed.warnings();
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

    /** {@code plan --output tag-plan} prints nothing when nothing is built: {@code | build -} then has nothing to do. */
    @Test
    void anEmptyStdinIsNothingToBuildButAnEmptyFileIsUsage() throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            CliRun run = cli(List.of("build", "-"));
            assertEquals(0, run.exit(), run.err());
            assertEquals("", run.out());
            assertEquals("tagline build: no plan on stdin: nothing to build", run.err().strip());
        } finally {
            System.setIn(stdin);
        }
        java.nio.file.Path empty = java.nio.file.Files.createTempFile("empty-plan", ".json");
        CliRun file = cli(List.of("build", empty.toString(), "--dry-run"));
        assertEquals(2, file.exit(), file.err());
        assertTrue(file.err().contains("is not a valid TagPlan"), file.err());
    }
}
