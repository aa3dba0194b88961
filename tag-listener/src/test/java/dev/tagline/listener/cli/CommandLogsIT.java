package dev.tagline.listener.cli;

import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command's stdout carries only its result: the jar's logs go to stderr, as text, whatever logs before the command runs. */
class CommandLogsIT {
    @Test
    void kafkasWarningsGoToStderrAndStdoutStaysEmpty() throws Exception {
        CliRun run = CliRun.inNewJvm("dev.tagline.listener.Application", "replay", "--repository", "github.com/acme/shop", "--dry-run",
                "--output", "json", "--bootstrap-servers", "nonexistent.invalid:9092");
        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out(), "nothing but the result on stdout");
        assertTrue(run.err().contains("Couldn't resolve server nonexistent.invalid:9092"), "the Kafka client's warning is on stderr: " + run.err());
        assertFalse(run.err().contains("{\"timestamp\""), "a command logs as text: " + run.err());
        assertTrue(run.err().strip().endsWith("tagline replay: cannot read git.ref-events from nonexistent.invalid:9092: "
                + "No resolvable bootstrap urls given in bootstrap.servers"), run.err());
    }
}
