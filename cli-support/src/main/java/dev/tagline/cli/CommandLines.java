package dev.tagline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs a service's commands under one {@code tagline} root with the behaviour every command shares:
 * exit 0 done (and for {@code --help}, {@code --version}), 1 failed, 2 usage, with the usage problem
 * on one stderr line.
 */
public final class CommandLines {
    private CommandLines() {
    }

    /** The root: {@code tagline}, whose subcommands come from one service jar (or all, for completion). */
    @Command(name = "tagline", mixinStandardHelpOptions = true, versionProvider = TaglineVersion.class,
            description = "Git events to well-tagged container images, and clean registries.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done", "1:failed (registry, Kafka, a build, a check)", "2:usage (bad flags or bad input)"})
    static final class Root extends ParentCommand {
    }

    /** @param commands instances of picocli {@code @Command} classes, added under {@code tagline} */
    public static CommandLine root(List<Object> commands, PrintStream out, PrintStream err) {
        CommandLine root = new CommandLine(new Root());
        for (Object c : commands) {
            root.addSubcommand(c);
        }
        root.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        root.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        root.setCaseInsensitiveEnumValuesAllowed(true);
        root.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + message(ex) + " (see '" + name + " --help')");
            cmd.getErr().flush();
            return ExitCode.USAGE;
        });
        root.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + oneLine(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            cmd.getErr().flush();
            return ex instanceof UsageError ? ExitCode.USAGE : ExitCode.FAILED;
        });
        return root;
    }

    /** Parses and runs; the exit code. */
    public static int run(List<Object> commands, String[] args, PrintStream out, PrintStream err) {
        CommandLine root = root(commands, out, err);
        try {
            return root.execute(args);
        } finally {
            root.getOut().flush();
            root.getErr().flush();
        }
    }

    /**
     * Before any logger exists: a command's stdout carries only its result, so logs go to stderr, as
     * text at WARN unless {@code TAGLINE_LOG_LEVEL} / {@code TAGLINE_LOG_FORMAT} say otherwise (read by
     * each service's logback.xml).
     */
    public static void logsToStderr() {
        System.setProperty("TAGLINE_LOG_TARGET", "System.err");
        System.setProperty("tagline.log.target", "System.err");
        if (System.getenv("TAGLINE_LOG_LEVEL") == null) {
            System.setProperty("TAGLINE_LOG_LEVEL", "WARN");
        }
        if (System.getenv("TAGLINE_LOG_FORMAT") == null) {
            System.setProperty("TAGLINE_LOG_FORMAT", "text");
        }
    }

    /** Every command under the root, as argument lists: {@code [prune]}, {@code [prune, plan]}, ... (for contract tests). */
    public static List<List<String>> paths(CommandLine root) {
        List<List<String>> paths = new java.util.ArrayList<>();
        collect(root, List.of(), paths);
        return paths;
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> into) {
        for (var e : cmd.getSubcommands().entrySet()) {
            List<String> path = new java.util.ArrayList<>(prefix);
            path.add(e.getKey());
            into.add(List.copyOf(path));
            collect(e.getValue(), path, into);
        }
    }

    private static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !ex.getCommandLine().getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")
                && ex.getCommandLine().getParseResult() != null && ex.getCommandLine().getParseResult().originalArgs().size() > 0) {
            return "unknown command '" + u.getUnmatched().get(0) + "' (commands: "
                    + String.join(", ", ex.getCommandLine().getSubcommands().keySet()) + ")";
        }
        return oneLine(ex.getMessage());
    }

    /**
     * Why {@code e} happened, for a one-line error: the innermost message in its cause chain (clients wrap the
     * reason, as Kafka's "Failed to construct kafka consumer" wraps "No resolvable bootstrap urls"), else the
     * class name of {@code e} itself (the JDK's HTTP client throws a {@code ConnectException} without a message).
     */
    public static String reason(Throwable e) {
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        return reason == null ? e.getClass().getSimpleName() : oneLine(reason);
    }

    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
