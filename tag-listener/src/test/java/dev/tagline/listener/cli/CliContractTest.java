package dev.tagline.listener.cli;

import dev.tagline.testkit.CliContract;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.FreePorts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every tagline command promises (testkit's CliContract) for replay, schedule and changelog, and
 * what replay and schedule run add: their options in --help, and each bad usage in one line.
 */
public class CliContractTest extends CliContract {
    @Override
    protected List<Object> topCommands() {
        return Cli.commands();
    }

    @Override
    protected List<List<String>> commands() {
        return List.of(List.of("replay"), List.of("schedule"), List.of("schedule", "run"), List.of("changelog"));
    }

    /** tag-listener's command line run in this JVM, as {@code ./tagline} would. */
    public static CliRun cli(String... args) {
        return CliRun.of(Cli::run, args);
    }

    @Test
    void scheduleRunAnswersHelpAndRefusesBadUsage() {
        CliRun help = cli("schedule", "run", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: tagline schedule run") && help.out().contains("--at") && help.out().contains("Exit codes:"),
                help.out());
        CliRun noName = cli("schedule", "run");
        assertEquals(2, noName.exit());
        assertEquals(1, noName.err().strip().lines().count(), noName.err());
        CliRun badSlot = cli("schedule", "run", "nightly", "--at", "yesterday");
        assertEquals(2, badSlot.exit());
        assertTrue(badSlot.err().contains("--at:") && badSlot.err().contains("ISO-8601"), badSlot.err());
        CliRun badUrl = cli("schedule", "run", "nightly", "--listener", "ftp://x");
        assertEquals(2, badUrl.exit(), badUrl.err());
        CliRun noSub = cli("schedule");
        assertEquals(2, noSub.exit(), noSub.err());
    }

    @Test
    void scheduleRunNamesAListenerItCannotReachAndWhy() {
        String listener = "http://127.0.0.1:" + FreePorts.find();
        CliRun run = cli("schedule", "run", "nightly", "--listener", listener);
        assertEquals(1, run.exit(), run.err());
        assertEquals("tagline schedule run: cannot reach tag-listener at " + listener + "/schedules/nightly/run: ConnectException",
                run.err().strip());
    }

    /** Beyond the contract's help (--help and -h exit 0 with the usage and exit codes, as -V and --version do): replay's flags. */
    @Test
    void replayHelpShowsItsFlags() {
        CliRun run = cli("replay", "--help");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("--dry-run") && run.out().contains("--bootstrap-servers"), run.out());
    }

    @Test
    void replayBadUsageExitsTwoWithOneLine() {
        CliRun run = cli("replay", "--repository", "github.com/a/b", "--frobnicate");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertEquals("tagline replay: Unknown option: '--frobnicate' (see 'tagline replay --help')", run.err().strip());
        CliRun bad = cli("replay", "--repository", "github.com/a/b", "--since", "yesterday");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("is not ISO-8601"), bad.err());
        CliRun unknown = cli("frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
    }
}
