package dev.tagline.bench.faults;

import dev.tagline.bench.infra.Managed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pipeline as ./tagline up runs it, every part its own process on 127.0.0.1, each one stoppable,
 * killable and restartable on the same port and data directory: the KRaft broker
 * (deploy/kafka-broker/target/kafka-lib), CNCF Distribution (docker-registry), a git daemon serving
 * the source repositories, and the four service jars.
 */
final class FaultStack implements AutoCloseable {
    static final List<String> SERVICES = List.of("tag-listener", "tag-planner", "image-builder", "registry-pruner");

    private final Path root;
    private final Path work;
    private final int kafkaPort;
    private final int controllerPort;
    private final int registryPort;
    private final int gitPort;
    private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> serviceEnv = new HashMap<>();
    private final Map<String, Managed> running = new HashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();

    FaultStack(Path root, Path work) throws IOException {
        this.root = root;
        this.work = work;
        this.kafkaPort = Managed.freePort();
        this.controllerPort = Managed.freePort();
        this.registryPort = Managed.freePort();
        this.gitPort = Managed.freePort();
        for (String s : SERVICES) {
            servicePorts.put(s, Managed.freePort());
        }
        Files.createDirectories(work.resolve("logs"));
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String registryHostPort() {
        return "127.0.0.1:" + registryPort;
    }

    int gitPort() {
        return gitPort;
    }

    String serviceUrl(String service) {
        return "http://127.0.0.1:" + servicePorts.get(service);
    }

    Path work() {
        return work;
    }

    Path root() {
        return root;
    }

    // --- the broker -------------------------------------------------------------------------------

    void startBroker() throws IOException, InterruptedException {
        Path dir = work.resolve("kafka");
        Path props = dir.resolve("server.properties");
        if (!Files.exists(props)) {
            Files.createDirectories(dir);
            Files.writeString(props, Files.readString(root.resolve("deploy/local/kafka.properties.template"))
                    .replace("@KAFKA_PORT@", Integer.toString(kafkaPort))
                    .replace("@CONTROLLER_PORT@", Integer.toString(controllerPort))
                    .replace("@DATA_DIR@", dir.resolve("data").toString()));
            List<String> format = brokerJava();
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t",
                    UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", props.toString()));
            Managed f = Managed.start("kafka-format", format, Map.of(), work.resolve("logs/kafka-format.log"));
            if (f.waitFor(Settings.START_LIMIT) != 0) {
                throw new IOException("formatting the broker's storage failed; " + f.tail());
            }
        }
        List<String> serve = brokerJava();
        serve.addAll(List.of("kafka.Kafka", props.toString()));
        Managed broker = launch("kafka", serve, Map.of());
        broker.waitForPort(kafkaPort, Settings.START_LIMIT);
    }

    private List<String> brokerJava() throws IOException {
        Path lib = root.resolve("deploy/kafka-broker/target/kafka-lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("no broker classpath at " + lib + " (./mvnw -q -B -DskipTests package)");
        }
        return new ArrayList<>(List.of("java", "-Xms256m", "-Xmx512m",
                "-Dlogback.configurationFile=" + root.resolve("deploy/local/kafka-logback.xml"), "-cp", lib + "/*"));
    }

    // --- the registry -----------------------------------------------------------------------------

    void startRegistry() throws IOException, InterruptedException {
        Path bin = Path.of(System.getenv().getOrDefault("TAGLINE_DOCKER_REGISTRY", "/usr/bin/docker-registry"));
        if (!Files.isExecutable(bin)) {
            throw new IOException("no registry binary at " + bin + ": apt-get install -y docker-registry");
        }
        Path dir = work.resolve("registry");
        Path config = dir.resolve("config.yml");
        if (!Files.exists(config)) {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, Files.readString(root.resolve("deploy/local/registry.yml.template"))
                    .replace("@REGISTRY_PORT@", Integer.toString(registryPort)).replace("@DATA_DIR@", dir.resolve("data").toString()));
        }
        Managed m = launch("registry", List.of(bin.toString(), "serve", config.toString()), Map.of());
        m.waitForHttp("http://" + registryHostPort() + "/v2/", Settings.START_LIMIT);
    }

    // --- the Git remote ---------------------------------------------------------------------------

    /** {@code git daemon} serving every repository under {@code base} as git://127.0.0.1:port/name. */
    void startGitDaemon(Path base) throws IOException, InterruptedException {
        Managed m = launch("git-daemon", List.of("git", "daemon", "--export-all", "--reuseaddr", "--informative-errors",
                "--listen=127.0.0.1", "--port=" + gitPort, "--base-path=" + base, base.toString()), Map.of());
        m.waitForPort(gitPort, Settings.START_LIMIT);
    }

    // --- the services -----------------------------------------------------------------------------

    void configure(String service, Map<String, String> env) {
        serviceEnv.put(service, Map.copyOf(env));
    }

    void startService(String service) throws IOException {
        Path jar = root.resolve(service + "/target/" + service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no " + jar + " (./mvnw -q -B -DskipTests package)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("java");
        cmd.addAll(Arrays.asList(System.getenv().getOrDefault("TAGLINE_SERVICE_JAVA_OPTS", Settings.SERVICE_JAVA_OPTS).split("\\s+")));
        cmd.addAll(List.of("-jar", jar.toString()));
        Map<String, String> env = new HashMap<>(serviceEnv.getOrDefault(service, Map.of()));
        env.put("TAGLINE_HTTP_PORT", Integer.toString(servicePorts.get(service)));
        env.putIfAbsent("TAGLINE_LOG_FORMAT", "text");
        launch(service, cmd, env);
    }

    /** Waits until {@code /health} answers 200; returns when it did. */
    Instant awaitHealthy(String service) throws IOException, InterruptedException {
        running.get(service).waitForHttp(serviceUrl(service) + "/health", Settings.START_LIMIT);
        return Instant.now();
    }

    // --- faults -----------------------------------------------------------------------------------

    /** SIGKILL. */
    void kill(String name) throws InterruptedException {
        Managed m = running.remove(name);
        if (m != null) {
            m.kill();
        }
    }

    /**
     * SIGTERM and wait up to {@link Settings#STOP_LIMIT}; a process still running then is killed.
     * Returns how long it took to exit, or null if it had to be killed.
     */
    Duration terminate(String name) throws InterruptedException {
        Managed m = running.remove(name);
        if (m == null) {
            return Duration.ZERO;
        }
        long t0 = System.nanoTime();
        if (m.terminate(Settings.STOP_LIMIT)) {
            return Duration.ofNanos(System.nanoTime() - t0);
        }
        m.kill();
        return null;
    }

    /** Starts a process (again): a restart writes to a numbered log of its own, so nothing is overwritten. */
    private Managed launch(String name, List<String> command, Map<String, String> env) throws IOException {
        int n = starts.merge(name, 1, Integer::sum);
        Path log = work.resolve("logs/" + name + (n == 1 ? "" : "." + n) + ".log");
        Managed m = Managed.start(name, command, env, log);
        running.put(name, m);
        return m;
    }

    String logOf(String name) {
        Managed m = running.get(name);
        return m == null ? "(not running)" : m.log().toString();
    }

    boolean alive(String name) {
        Managed m = running.get(name);
        return m != null && m.alive();
    }

    /** True when something accepts connections on 127.0.0.1:port. */
    static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int kafkaPort() {
        return kafkaPort;
    }

    @Override
    public void close() {
        List<String> order = new ArrayList<>(List.of("registry-pruner", "image-builder", "tag-planner", "tag-listener",
                "git-daemon", "registry", "kafka"));
        for (String name : order) {
            Managed m = running.remove(name);
            if (m != null) {
                m.close();
            }
        }
    }
}
