package dev.tagline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repository's ./tagline launcher: what it answers without building or starting anything. */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "tagline").toAbsolutePath().normalize();

    private record Run(int exit, String out, String err) {
    }

    private static Run tagline(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tagline-out", ".txt");
        Path err = Files.createTempFile("tagline-err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher answers at once");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        Run run = tagline("--help");
        assertEquals(0, run.exit(), run.err());
        for (String command : List.of("plan", "build PLAN.json", "verify", "prune snapshot|plan|run", "replay", "schedule run", "policy check|explain",
                "changelog", "up", "bench", "faults", "completion")) {
            assertTrue(run.out().contains("\n  " + command + " ") || run.out().contains("\n  " + command + "\n"), command + " in\n" + run.out());
        }
        assertTrue(run.out().contains("Exit codes: 0 done, 1 failed, 2 usage"), run.out());
    }

    @Test
    void everyListedServiceCommandIsDispatchedToItsJar() throws Exception {
        String script = Files.readString(LAUNCHER);
        for (String dispatch : List.of("plan)    run_jar tag-planner plan", "build)   run_jar image-builder build",
                "verify)  run_jar image-builder verify", "prune)   run_jar registry-pruner prune", "replay)  run_jar tag-listener replay",
                "changelog) run_jar tag-listener changelog", "schedule) run_jar tag-listener schedule")) {
            assertTrue(script.contains(dispatch), dispatch + " in\n" + script);
        }
    }

    @ParameterizedTest(name = "tagline {0} --help")
    @ValueSource(strings = {"up", "bench", "faults", "completion"})
    void theLaunchersOwnCommandsAnswerHelpAndVersionWithoutABuild(String command) throws Exception {
        Run help = tagline(command, "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(!help.out().isBlank(), "some help");
        Run version = tagline(command, "--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().matches("tagline \\S+\\n"), version.out());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        Run unknown = tagline("frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
        assertEquals(2, tagline().exit());
        // changelog is a jar's command now: its bad usage is tested where no build is needed (ChangelogCommandTest);
        // here it would build the whole project first (a clean clone has no jars yet)
    }
}
