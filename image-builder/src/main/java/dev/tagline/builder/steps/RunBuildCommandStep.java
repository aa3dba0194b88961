package dev.tagline.builder.steps;

import dev.tagline.schema.event.BuildCommand;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a variant's build command in the checkout: no shell, a minimal environment (PATH, LANG, a
 * private HOME,
 * SOURCE_DATE_EPOCH = commit time, the recipe's env; none of the builder's own variables, which may hold registry
 * secrets), output captured to a log file, a time limit. A non-zero exit or a timeout fails the
 * variant with the tail of the log.
 */
public final class RunBuildCommandStep {
    static final int TAIL_LINES = 30;
    static final int TAIL_CHARS = 3000;

    private final Duration maxTimeout;

    public RunBuildCommandStep(Duration maxTimeout) {
        this.maxTimeout = maxTimeout;
    }

    public void run(BuildCommand command, Path checkout, Path workDir, java.time.Instant commitTime) throws BuildFailure, InterruptedException {
        long seconds = Math.min(command.timeoutSeconds(), maxTimeout.toSeconds());
        Path log = workDir.resolve("build-command.log");
        Path home = workDir.resolve("home");
        ProcessBuilder pb = new ProcessBuilder(command.command()).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        env.put("HOME", home.toString());
        env.put("SOURCE_DATE_EPOCH", Long.toString(commitTime.getEpochSecond()));
        env.putAll(command.env());
        Process process;
        try {
            Files.createDirectories(home);
            process = pb.start();
        } catch (IOException e) {
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "cannot start build command " + command.command()
                    + ": " + Failures.firstLine(e.getMessage()));
        }
        boolean finished;
        try {
            finished = process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!finished) {
            kill(process);
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "build command " + command.command()
                    + " did not finish within " + seconds + " s; last output:\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "build command " + command.command()
                    + " exited with status " + process.exitValue() + "; last output:\n" + tail(log));
        }
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The last lines of the log (at most {@value #TAIL_LINES} lines and {@value #TAIL_CHARS} characters). */
    static String tail(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_CHARS);
            f.seek(start);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            String[] lines = text.split("\n", -1);
            int from = Math.max(start > 0 ? 1 : 0, lines.length - TAIL_LINES);
            String joined = String.join("\n", java.util.Arrays.copyOfRange(lines, Math.min(from, lines.length), lines.length));
            return joined.isEmpty() ? "(no output)" : joined;
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
