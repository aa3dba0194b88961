package dev.tagline.deploy.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/local/supervise.sh, which ./tagline up uses for its children, run by a small bash script with
 * stand-in children (sleep, a command that keeps crashing): restarts with capped backoff, the exit
 * status of a watched child, and a stop that never signals a PID the script no longer owns.
 */
class SuperviseScriptTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("deploy/local/supervise.sh");
    private static final Pattern DELAY = Pattern.compile("crasher \\(pid \\d+\\) exited with status 3 after [0-9.]+ s; restarting in ([0-9.]+) s");

    @TempDir
    Path dir;
    private Process foreign;

    @AfterEach
    void stopForeign() {
        if (foreign != null) {
            foreign.destroyForcibly();
        }
    }

    @Test
    void aCrashingChildIsRestartedWithDoublingDelaysUpToTheCap() throws Exception {
        String out = run("""
                launch_child crasher 1 "$D/crasher.log" bash -c 'echo started; sleep 0.1; exit 3'
                end=$(( $(now_ms) + 20000 ))
                while (( CHILD_CRASHES[crasher] < 5 && $(now_ms) < end )); do supervise_once; sleep 0.05; done
                stop_children
                """);
        Matcher m = DELAY.matcher(out);
        List<String> delays = m.results().map(r -> r.group(1)).limit(5).toList();
        assertEquals(List.of("0.2", "0.4", "0.8", "0.8", "0.8"), delays, out);
        assertTrue(out.contains("crasher restarted (pid"), out);
        long starts = Files.readAllLines(dir.resolve("crasher.log")).stream().filter("started"::equals).count();
        assertTrue(starts >= 5, "every restart ran the command again, appending to its log: " + starts);
    }

    @Test
    void supervisingUntilAChildEndsReturnsItsExitStatusAndDoesNotRestartIt() throws Exception {
        String out = run("""
                launch_child once 0 "$D/once.log" bash -c 'sleep 0.2; exit 7'
                status=0; supervise_until once || status=$?
                echo "once ended with $status"
                """);
        assertTrue(out.contains("once ended with 7"), out);
        assertFalse(out.contains("restart"), out);
    }

    @Test
    void stoppingSignalsOnlyProcessesStillOwned() throws Exception {
        foreign = new ProcessBuilder("sleep", "60").start();
        String out = run("""
                launch_child steady 1 "$D/steady.log" sleep 60
                child_owned steady && echo "steady owned, pid ${CHILD_PID[steady]}"
                launch_child reused 1 "$D/reused.log" sleep 60
                real=${CHILD_PID[reused]}
                kill "$real"; wait "$real" || true
                # the kernel handed the exited child's PID to another process: same number, not ours
                CHILD_PID[reused]=%d
                child_owned reused || echo "reused pid not owned"
                stop_children
                child_owned steady || echo "steady stopped"
                """.formatted(foreign.pid()));
        assertTrue(out.contains("steady owned"), out);
        assertTrue(out.contains("reused pid not owned"), out);
        assertTrue(out.contains("steady stopped"), out);
        assertTrue(foreign.isAlive(), "a process that merely has a recorded PID is never signalled:\n" + out);
    }

    private String run(String body) throws IOException, InterruptedException {
        Path harness = dir.resolve("harness.sh");
        Files.writeString(harness, """
                set -euo pipefail
                export TAGLINE_RESTART_BACKOFF_MS=200 TAGLINE_RESTART_BACKOFF_MAX_MS=800 TAGLINE_SUPERVISE_TICK_MS=50
                source '%s'
                D='%s'
                %s
                """.formatted(SCRIPT, dir, body));
        Process p = new ProcessBuilder("bash", harness.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes());
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("the harness did not finish within 60 s:\n" + out);
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
