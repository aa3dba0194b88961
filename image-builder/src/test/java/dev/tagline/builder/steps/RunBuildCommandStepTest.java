package dev.tagline.builder.steps;

import dev.tagline.schema.event.BuildCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunBuildCommandStepTest {
    private static final Instant COMMIT_TIME = Instant.parse("2026-02-03T04:05:06Z");

    @TempDir
    Path work;

    private final RunBuildCommandStep step = new RunBuildCommandStep(Duration.ofMinutes(5));

    private Path checkout() throws Exception {
        return Files.createDirectories(work.resolve("src"));
    }

    /** Runs {@code command} (with no recipe env) in a new checkout; the build must fail. */
    private BuildFailure failureOf(int timeLimitSeconds, String... command) throws Exception {
        Path src = checkout();
        return assertThrows(BuildFailure.class,
                () -> step.run(new BuildCommand(List.of(command), timeLimitSeconds, null), src, work, COMMIT_TIME));
    }

    @Test
    void commandRunsInTheCheckoutWithTheRecipeEnvAndSourceDateEpoch() throws Exception {
        Path src = checkout();
        step.run(new BuildCommand(List.of("sh", "-c", "echo \"$GREETING $SOURCE_DATE_EPOCH\" > out.txt"), 30, Map.of("GREETING", "hi")),
                src, work, COMMIT_TIME);
        assertEquals("hi " + COMMIT_TIME.getEpochSecond() + "\n", Files.readString(src.resolve("out.txt")));
    }

    @Test
    void theBuildersOwnEnvironmentIsNotPassedOn() throws Exception {
        Path src = checkout();
        step.run(new BuildCommand(List.of("sh", "-c", "env > env.txt"), 30, null), src, work, COMMIT_TIME);
        String env = Files.readString(src.resolve("env.txt"));
        assertFalse(env.contains("JAVA_HOME=") || env.contains("TAGLINE_REGISTRY_"), env);
        assertTrue(env.contains("PATH="));
    }

    @Test
    void nonZeroExitFailsWithTheTailOfTheLog() throws Exception {
        BuildFailure f = failureOf(30, "sh", "-c", "for i in $(seq 1 100); do echo line-$i; done; exit 7");
        assertTrue(f.getMessage().contains("exited with status 7"), f.getMessage());
        assertTrue(f.getMessage().endsWith("line-100"), f.getMessage());
        assertFalse(f.getMessage().contains("line-50\n"), "only the tail");
        assertFalse(f.transientFailure());
    }

    @Test
    void commandPastItsTimeLimitIsKilled() throws Exception {
        BuildFailure f = failureOf(1, "sh", "-c", "echo started; sleep 30");
        assertTrue(f.getMessage().contains("did not finish within 1 s"), f.getMessage());
        assertTrue(f.getMessage().contains("started"), f.getMessage());
    }

    @Test
    void missingProgramFailsClearly() throws Exception {
        BuildFailure f = failureOf(30, "no-such-program-xyz");
        assertTrue(f.getMessage().startsWith("cannot start build command [no-such-program-xyz]"), f.getMessage());
    }
}
