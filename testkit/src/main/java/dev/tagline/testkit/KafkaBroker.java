package dev.tagline.testkit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller, Kafka 4.3.1) running in
 * the test JVM on free 127.0.0.1 ports. One per JVM: {@link #shared()} starts it on first use and a
 * shutdown hook stops it after everything else (stopping it earlier makes clients retry for ~30 s).
 */
public final class KafkaBroker {
    private static final PerJvm<KafkaBroker> SHARED = new PerJvm<>(KafkaBroker::start, KafkaBroker::stop, "kafka-broker-shutdown");

    private volatile KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final Properties props;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir, Properties props) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.props = props;
    }

    public static KafkaBroker shared() {
        return SHARED.get();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    private static KafkaBroker start() {
        try {
            Path dir = Files.createTempDirectory("tagline-kafka-");
            int brokerPort = FreePorts.find();
            int controllerPort = FreePorts.find();
            Properties props = new Properties();
            try (InputStream in = KafkaBroker.class.getResourceAsStream("broker.properties")) {
                props.load(in);
            }
            props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            props.setProperty("log.dirs", dir.resolve("data").toString());
            Path propsFile = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "tagline testkit broker");
            }
            ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
            StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()},
                    new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            awaitReady(bootstrap);
            return new KafkaBroker(server, bootstrap, dir, props);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test Kafka broker: " + e.getMessage(), e);
        }
    }

    private static void awaitReady(String bootstrap) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        RuntimeException last = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"))) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = new IllegalStateException(e.getMessage(), e);
                    sleep(Duration.ofMillis(200));
                }
            }
        }
        throw new IllegalStateException("the test Kafka broker at " + bootstrap + " did not become ready in 60 s", last);
    }

    /**
     * Stops the broker as a SIGTERM would (controlled shutdown; data kept), for fault tests. Clients
     * see it unreachable until {@link #restart()}. A test that stops the shared broker must restart it
     * before it ends: the other test classes of the JVM use it too.
     */
    public synchronized void stopForFault() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Starts the broker again on the same ports with the same data directory, and waits until it answers. */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        s.startup();
        server = s;
        awaitReady(bootstrapServers);
    }

    private synchronized void stop() {
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } catch (RuntimeException e) {
            // the JVM is exiting; nothing else to do
        }
        FreePorts.deleteRecursively(dataDir);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
