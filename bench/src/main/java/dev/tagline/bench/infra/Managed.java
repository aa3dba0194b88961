package dev.tagline.bench.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness started (broker, registry, a service, a probe JVM): its pid for /proc, its
 * log, and a graceful stop (SIGTERM, then SIGKILL after 15 s). Everything {@link #start} started is
 * stopped at exit.
 */
public record Managed(String name, Process process, Path log) implements AutoCloseable {
    private static final List<Managed> ALL = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<Managed> copy;
            synchronized (ALL) {
                copy = new ArrayList<>(ALL);
            }
            for (int i = copy.size() - 1; i >= 0; i--) {
                copy.get(i).close();
            }
        }, "bench-stop-processes"));
    }

    public static Managed start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        return start(name, command, env, log, false);
    }

    /** {@code pipedOutput}: standard output is read through {@link Process#getInputStream()}, only standard error goes to the log. */
    public static Managed start(String name, List<String> command, Map<String, String> env, Path log, boolean pipedOutput)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = pipedOutput ? new ProcessBuilder(command).redirectError(log.toFile())
                : new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Managed m = new Managed(name, pb.start(), log);
        synchronized (ALL) {
            ALL.add(m);
        }
        return m;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Resident set size in MB, from /proc/&lt;pid&gt;/status (VmRSS). */
    public double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for " + name + " (pid " + pid() + ")");
    }

    /**
     * CPU time (user + system) the process has used so far, in ms, from /proc/&lt;pid&gt;/stat: a cost that
     * machine noise barely changes, where wall-clock rates swing with the load of other processes.
     */
    public long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
        // fields after the command name (which may hold spaces), from ") ": state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1000 / CLOCK_TICKS;
    }

    /** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
    private static final long CLOCK_TICKS = 100;

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s (log " + log + ")");
        }
        return process.exitValue();
    }

    public void waitForPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException(name + " did not open 127.0.0.1:" + port + " within " + timeout.toSeconds() + " s; " + tail());
    }

    public void waitForHttp(String url, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException(name + " was not healthy at " + url + " within " + timeout.toSeconds() + " s; " + tail());
    }

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " exited with " + process.exitValue() + "; " + tail());
        }
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "last lines of " + log + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "log " + log;
        }
    }

    /** SIGKILL, as a crash would: no shutdown hook runs. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        synchronized (ALL) {
            ALL.remove(this);
        }
    }

    /** SIGTERM, then waits up to {@code timeout}; true if the process exited by then (it is left running otherwise). */
    public boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (exited) {
            synchronized (ALL) {
                ALL.remove(this);
            }
        }
        return exited;
    }

    /** The exit status, or -1 while it runs. */
    public int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (ALL) {
            ALL.remove(this);
        }
    }

    /** A port nobody listens on right now, on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
