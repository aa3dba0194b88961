package dev.tagline.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real CNCF Distribution registry ({@code docker-registry} from Debian) on a free 127.0.0.1 port,
 * storing into a temp dir, deletes enabled unless asked otherwise. {@link #shared()} is one per JVM
 * (stopped by a shutdown hook); {@link #start()} / {@link #builder()} give a private one to close.
 *
 * <p>The binary is {@code /usr/bin/docker-registry} or {@code $TAGLINE_DOCKER_REGISTRY}. If it is
 * missing, starting fails with the command that installs it: tests never skip silently.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final String BINARY_ENV = "TAGLINE_DOCKER_REGISTRY";
    private static final PerJvm<LocalRegistry> SHARED = new PerJvm<>(LocalRegistry::start, LocalRegistry::close, "registry-shutdown");

    private final int port;
    /** The temp directory the registry keeps everything in: its config, its log and its storage. */
    private final Path dir;
    private volatile Process process;

    private LocalRegistry(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static LocalRegistry shared() {
        return SHARED.get();
    }

    public static LocalRegistry start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image names. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://" + hostPort());
    }

    /** Where the registry stores blobs and manifests. */
    public Path storage() {
        return dir.resolve("storage");
    }

    /** The registry's own log file (for failure messages). */
    public Path logFile() {
        return dir.resolve("registry.log");
    }

    private Path configFile() {
        return dir.resolve("config.yml");
    }

    /**
     * Stops the registry process (SIGTERM, then SIGKILL after 10 s) and keeps its storage and port, so
     * {@link #restart()} brings the same registry back: an outage in a test.
     */
    public synchronized void stop() {
        Process p = process;
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** Starts the stopped registry again on the same port with the same storage and config. */
    public synchronized void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the registry on " + hostPort() + " is running; stop() it first");
        }
        try {
            launch(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the registry on " + hostPort(), e);
        }
        awaitReady();
    }

    /** True while the registry process runs. */
    public boolean running() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop();
        FreePorts.deleteRecursively(dir);
    }

    /** Starts the registry process on the written config; {@code append} keeps the log of an earlier run. */
    private void launch(boolean append) throws IOException {
        File log = logFile().toFile();
        process = new ProcessBuilder(binary().toString(), "serve", configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log) : ProcessBuilder.Redirect.to(log))
                .start();
    }

    public static Path binary() {
        String configured = System.getenv(BINARY_ENV);
        Path bin = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/docker-registry");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("the CNCF Distribution registry binary " + bin + " is missing: install it with "
                    + "'apt-get install -y docker-registry' (Debian; .ci/run does this) or set " + BINARY_ENV
                    + " to its path. Tests that need a real registry cannot run without it.");
        }
        return bin;
    }

    public static final class Builder {
        private boolean deleteEnabled = true;
        private Path htpasswd;
        private String tokenAuth;

        private Builder() {
        }

        public Builder deleteEnabled(boolean enabled) {
            this.deleteEnabled = enabled;
            return this;
        }

        /** Require basic auth against this bcrypt htpasswd file. */
        public Builder htpasswd(Path file) {
            this.htpasswd = file;
            return this;
        }

        /**
         * Require bearer tokens (Distribution's {@code auth.token}) issued by {@code realm} for
         * {@code service} by {@code issuer}, signed by a key whose certificate is in {@code rootCertBundle} (PEM).
         */
        public Builder tokenAuth(String realm, String service, String issuer, Path rootCertBundle) {
            this.tokenAuth = """
                    auth:
                      token:
                        realm: %s
                        service: %s
                        issuer: %s
                        rootcertbundle: %s
                    """.formatted(realm, service, issuer, rootCertBundle.toAbsolutePath());
            return this;
        }

        public LocalRegistry start() {
            Path bin = binary();
            try {
                LocalRegistry registry = new LocalRegistry(FreePorts.find(), Files.createTempDirectory("tagline-registry-"));
                if (htpasswd != null && tokenAuth != null) {
                    throw new IllegalStateException("a registry takes one auth: htpasswd or token");
                }
                String auth = tokenAuth != null ? tokenAuth : htpasswd == null ? "" : """
                        auth:
                          htpasswd:
                            realm: tagline-test
                            path: %s
                        """.formatted(htpasswd.toAbsolutePath());
                String config = """
                        version: 0.1
                        log:
                          level: warn
                          accesslog:
                            disabled: true
                        storage:
                          filesystem:
                            rootdirectory: %s
                          delete:
                            enabled: %s
                        http:
                          addr: 127.0.0.1:%d
                        %s""".formatted(registry.storage(), deleteEnabled, registry.port, auth);
                Files.writeString(registry.configFile(), config);
                registry.launch(false);
                registry.awaitReady();
                return registry;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + bin, e);
            }
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the registry exited at start: " + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url().resolve("/v2/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KafkaBroker.sleep(Duration.ofMillis(50));
        }
        close();
        throw new IllegalStateException("the registry on " + hostPort() + " did not answer /v2/ within 20 s: " + tail());
    }

    private String tail() {
        try {
            String s = Files.readString(logFile());
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
