package dev.tagline.pruner.cli;

import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prune run --output json} feeds scripts: its stdout carries only its result, the jar's logs go to stderr as text. */
class CommandLogsIT {
    @Test
    void kafkasWarningsGoToStderrAndStdoutStaysEmpty() throws Exception {
        CliRun run = CliRun.inNewJvm("dev.tagline.pruner.Application", "prune", "run", "--registry", "127.0.0.1:9", "--repository", "acme/shop",
                "--policy", "../tag-planner/examples/semver.yml", "--output", "json", "--bootstrap-servers", "nonexistent.invalid:9092");
        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out(), "nothing but the result on stdout");
        assertTrue(run.err().contains("Couldn't resolve server nonexistent.invalid:9092"), "the Kafka client's warning is on stderr: " + run.err());
        assertFalse(run.err().contains("{\"timestamp\""), "a command logs as text: " + run.err());
        assertTrue(run.err().strip().lines().reduce((a, b) -> b).orElse("").startsWith("tagline prune run: "), run.err());
    }
}
