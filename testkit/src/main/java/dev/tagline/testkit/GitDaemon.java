package dev.tagline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Git server for a test: Debian's {@code git daemon} serving every repository under a directory
 * over the git protocol on 127.0.0.1, with pushes enabled ({@code git://127.0.0.1:<port>/<name>}).
 * A non-bare repository accepts pushed tags (not its checked-out branch).
 */
public record GitDaemon(Process process, int port) implements AutoCloseable {
    /** Starts the daemon on a free port and waits (at most 10 s) until it accepts connections. */
    public static GitDaemon serve(Path baseDir) {
        int port = FreePorts.find();
        try {
            Process p = new ProcessBuilder("git", "daemon", "--export-all", "--enable=receive-pack", "--reuseaddr",
                    "--base-path=" + baseDir.toAbsolutePath(), "--listen=127.0.0.1", "--port=" + port, baseDir.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(deadline)) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new GitDaemon(p, port);
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("git daemon exited with " + p.exitValue());
                    }
                    Thread.sleep(50);
                }
            }
            p.destroy();
            throw new IllegalStateException("git daemon did not listen on 127.0.0.1:" + port + " within 10 s");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start git daemon", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code git://127.0.0.1:<port>/<name>}: the repository {@code <baseDir>/<name>}. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
