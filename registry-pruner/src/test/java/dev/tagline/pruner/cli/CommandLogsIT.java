package dev.tagline.pruner.cli;

import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prune run --output json} feeds scripts: its stdout carries only its result, the jar's logs go to stderr as text,
 * and a broker it cannot use is named in one last line.
 */
class CommandLogsIT {
    @Test
    void kafkasWarningsGoToStderrAndStdoutStaysEmpty() throws Exception {
        CliRun run = CliRun.inNewJvm("dev.tagline.pruner.Application", "prune", "run", "--registry", "127.0.0.1:9", "--repository", "acme/shop",
                "--policy", "../tag-planner/examples/semver.yml", "--output", "json", "--bootstrap-servers", "nonexistent.invalid:9092");
        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out(), "nothing but the result on stdout");
        assertTrue(run.err().contains("Couldn't resolve server nonexistent.invalid:9092"), "the Kafka client's warning is on stderr: " + run.err());
        assertFalse(run.err().contains("{\"timestamp\""), "a command logs as text: " + run.err());
        assertEquals("tagline prune run: cannot read the push history (image.build-results from Kafka at nonexistent.invalid:9092): "
                + "No resolvable bootstrap urls given in bootstrap.servers; nothing was deleted",
                run.err().strip().lines().reduce((a, b) -> b).orElse(""), "the last line says what failed, where, and that nothing changed");
    }
}
