package dev.tagline.builder.steps;

import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.builder.sandbox.CappedLog;
import dev.tagline.builder.sandbox.RefusedToolException;
import dev.tagline.builder.sandbox.Sandbox;
import dev.tagline.schema.event.BuildCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a variant's build command in the checkout, in the {@link Sandbox}: no shell, a minimal
 * environment (PATH, LANG, a private HOME and TMPDIR, SOURCE_DATE_EPOCH = commit time, the recipe's env;
 * none of the builder's own variables, which may hold registry secrets), output drained into a capped
 * log, a time limit. A non-zero exit or a timeout fails the variant with the tail of the output.
 *
 * <p>Untrusted code (a pull request) never gets the network and never runs without the sandbox;
 * trusted code runs unsandboxed only when the sandbox does not work here and the configuration allows
 * it ({@code tagline.builder.sandbox.allow-unsandboxed-trusted}).
 */
public final class RunBuildCommandStep {
    static final int TAIL_LINES = 30;
    static final int TAIL_CHARS = 3000;
    private static final long LOG_DRAIN_MILLIS = 5000;

    private final Duration maxTimeout;
    private final Sandbox sandbox;

    /** With the default sandbox settings, checked now (tests and tools). */
    public RunBuildCommandStep(Duration maxTimeout) {
        this(maxTimeout, Sandbox.start(SandboxConfig.defaults(), List.of()));
    }

    public RunBuildCommandStep(Duration maxTimeout, Sandbox sandbox) {
        this.maxTimeout = maxTimeout;
        this.sandbox = sandbox;
    }

    /** Runs trusted code's command (a branch or tag of the repository). */
    public void run(BuildCommand command, Path checkout, Path workDir, Instant commitTime) throws BuildFailure, InterruptedException {
        run(command, checkout, workDir, commitTime, true);
    }

    /** Runs the command; {@code trusted} false for a pull request's code. */
    public void run(BuildCommand command, Path checkout, Path workDir, Instant commitTime, boolean trusted)
            throws BuildFailure, InterruptedException {
        long seconds = Math.min(command.timeoutSeconds(), maxTimeout.toSeconds());
        boolean network = trusted && command.grants().network();
        List<String> argv;
        String home;
        String tmp;
        String where;
        if (sandbox.available()) {
            Sandbox.Launch launch;
            try {
                launch = sandbox.launch(command.command(), checkout, workDir, command.grants(), network);
            } catch (RefusedToolException e) {
                throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "build command " + command.command() + " refused: "
                        + e.getMessage());
            } catch (IOException e) {
                throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "cannot prepare the sandbox of build command "
                        + command.command() + ": " + Failures.firstLine(e.getMessage()));
            }
            argv = launch.argv();
            home = launch.home();
            tmp = launch.tmp();
            where = "sandboxed: " + sandbox.describe(network)
                    + (!trusted && command.grants().network() ? " (the recipe's network grant does not apply to untrusted code)" : "");
        } else if (!trusted) {
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "build command " + command.command()
                    + " refused: untrusted code (a pull request) only runs in the sandbox, and no sandbox works on this builder: "
                    + sandbox.unavailableReason());
        } else if (!sandbox.config().allowUnsandboxedTrusted()) {
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "build command " + command.command()
                    + " refused: no sandbox works on this builder (" + sandbox.unavailableReason()
                    + ") and tagline.builder.sandbox.allow-unsandboxed-trusted is false");
        } else {
            argv = command.command();
            home = workDir.resolve("home").toString();
            tmp = null;
            where = "UNSANDBOXED (no sandbox works here; allowed for trusted code by tagline.builder.sandbox.allow-unsandboxed-trusted)";
        }
        Path log = workDir.resolve("build-command.log");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(checkout.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        env.put("HOME", home);
        if (tmp != null) {
            env.put("TMPDIR", tmp);
        }
        env.put("SOURCE_DATE_EPOCH", Long.toString(commitTime.getEpochSecond()));
        env.putAll(command.env());
        Process process;
        try {
            if (tmp == null) {
                Files.createDirectories(Path.of(home));
            }
            process = pb.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "cannot start build command " + command.command()
                    + ": " + Failures.firstLine(e.getMessage()));
        }
        CappedLog output = CappedLog.start(log, sandbox.config().maxLogMb() * 1024 * 1024, TAIL_CHARS, process.getInputStream());
        boolean finished;
        try {
            finished = process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!finished) {
            kill(process);
        }
        output.awaitEnd(LOG_DRAIN_MILLIS);
        String tail = tail(output);
        if (!finished) {
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "build command " + command.command()
                    + " did not finish within " + seconds + " s (" + where + "); last output:\n" + tail);
        }
        int status = process.exitValue();
        if (status != 0) {
            String first = tail.lines().findFirst().orElse("");
            if ((status == 126 || status == 127) && first.startsWith("prlimit: failed to execute")) {
                throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "cannot start build command " + command.command()
                        + ": " + first.substring("prlimit: ".length()) + " (" + where + ")");
            }
            throw BuildFailure.permanent(BuildFailure.Stage.COMMAND, "build command " + command.command()
                    + " " + exit(status) + " (" + where + "); last output:\n" + tail);
        }
    }

    /** "exited with status N", or the signal that killed it and the limit that usually sends it. */
    static String exit(int status) {
        if (status <= 128 || status > 128 + 64) {
            return "exited with status " + status;
        }
        int signal = status - 128;
        String why = switch (signal) {
            case 24 -> " (SIGXCPU: its CPU time limit)";
            case 25 -> " (SIGXFSZ: its file size limit)";
            case 9 -> " (SIGKILL: killed, e.g. past its CPU time limit)";
            case 11 -> " (SIGSEGV: e.g. out of its memory limit)";
            default -> "";
        };
        return "was killed by signal " + signal + why;
    }

    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The last lines of the output (at most {@value #TAIL_LINES} lines and {@value #TAIL_CHARS} characters), and what the log dropped. */
    static String tail(CappedLog output) {
        String text = output.tailText().stripTrailing();
        String[] lines = text.split("\n", -1);
        boolean cut = text.length() >= TAIL_CHARS - 4;
        int from = Math.max(cut ? 1 : 0, lines.length - TAIL_LINES);
        String joined = String.join("\n", Arrays.copyOfRange(lines, Math.min(from, lines.length), lines.length));
        String dropped = output.droppedBytes() > 0 ? "(the log kept its first part; " + output.droppedBytes()
                + " bytes of output beyond the log limit were dropped)\n" : "";
        return joined.isEmpty() ? dropped + "(no output)" : dropped + joined;
    }
}
