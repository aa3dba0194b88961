package dev.tagline.testkit;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of a module's command line in this JVM, as {@code ./tagline} would run it: its exit status and what it printed. */
public record CliRun(int exit, String out, String err) {

    /** A module's {@code Cli.run(args, out, err)}, returning the exit status. */
    @FunctionalInterface
    public interface Main {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    public static CliRun of(Main cli, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A picocli command line executed as its {@code main} executes it, printing to the captured streams. */
    public static CliRun of(CommandLine commandLine, String... args) {
        return of((a, out, err) -> {
            commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            return commandLine.execute(a);
        }, args);
    }

    /**
     * A service jar's {@code main} run as {@code ./tagline} runs it, in a new JVM on this test's class path and
     * with the service's own logging configuration ({@code src/main/resources/logback.xml} of the module under
     * test, not the tests'): what a user sees on stdout and stderr, the logs included.
     */
    public static CliRun inNewJvm(String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath(), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("TAGLINE_LOG"));
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(mainClass + " did not exit: " + String.join(" ", args));
        }
        return new CliRun(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
