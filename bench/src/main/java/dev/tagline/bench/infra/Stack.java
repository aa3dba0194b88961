package dev.tagline.bench.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts what deploy/local/up.sh starts, the same way, as separate processes on 127.0.0.1: a KRaft
 * broker from deploy/kafka-broker/target/kafka-lib, CNCF Distribution (/usr/bin/docker-registry), and
 * services with {@code java <flags> -jar <module>/target/<module>.jar}.
 */
public record Stack(Path root, Path work, List<String> serviceFlags) {
    public Stack {
        serviceFlags = List.copyOf(serviceFlags);
    }

    public record Broker(Managed process, String bootstrap) {
    }

    public record Registry(Managed process, String hostPort) {
        public String url() {
            return "http://" + hostPort;
        }
    }

    public record Service(String module, Managed process, int port) {
    }

    public Broker broker(String name) throws IOException, InterruptedException {
        int port = Managed.freePort();
        int controller = Managed.freePort();
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        String props = Files.readString(root.resolve("deploy/local/kafka.properties.template"))
                .replace("@KAFKA_PORT@", Integer.toString(port))
                .replace("@CONTROLLER_PORT@", Integer.toString(controller))
                .replace("@DATA_DIR@", dir.resolve("data").toString());
        Path propsFile = dir.resolve("server.properties");
        Files.writeString(propsFile, props);
        Path lib = root.resolve("deploy/kafka-broker/target/kafka-lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("no broker classpath at " + lib + " (./mvnw -q -B -DskipTests package)");
        }
        List<String> java = new ArrayList<>(List.of("java", "-Xms256m", "-Xmx512m",
                "-Dlogback.configurationFile=" + root.resolve("deploy/local/kafka-logback.xml"), "-cp", lib + "/*"));
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "-t",
                UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", propsFile.toString()));
        Managed f = Managed.start(name + "-format", format, Map.of(), work.resolve("logs/" + name + "-format.log"));
        if (f.waitFor(Duration.ofSeconds(60)) != 0) {
            throw new IOException("formatting the broker's storage failed; " + f.tail());
        }
        List<String> serve = new ArrayList<>(java);
        serve.addAll(List.of("kafka.Kafka", propsFile.toString()));
        Managed broker = Managed.start(name, serve, Map.of(), work.resolve("logs/" + name + ".log"));
        broker.waitForPort(port, Duration.ofSeconds(60));
        return new Broker(broker, "127.0.0.1:" + port);
    }

    public Registry registry() throws IOException, InterruptedException {
        Path bin = Path.of(System.getenv().getOrDefault("TAGLINE_DOCKER_REGISTRY", "/usr/bin/docker-registry"));
        if (!Files.isExecutable(bin)) {
            throw new IOException("no registry binary at " + bin + ": apt-get install -y docker-registry");
        }
        int port = Managed.freePort();
        Path dir = work.resolve("registry");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("config.yml"), Files.readString(root.resolve("deploy/local/registry.yml.template"))
                .replace("@REGISTRY_PORT@", Integer.toString(port)).replace("@DATA_DIR@", dir.resolve("data").toString()));
        Managed m = Managed.start("registry", List.of(bin.toString(), "serve", dir.resolve("config.yml").toString()), Map.of(),
                work.resolve("logs/registry.log"));
        m.waitForHttp("http://127.0.0.1:" + port + "/v2/", Duration.ofSeconds(20));
        return new Registry(m, "127.0.0.1:" + port);
    }

    /** Starts a service jar; call {@link #awaitHealthy} before using it. */
    public Service service(String module, Map<String, String> env) throws IOException {
        Path jar = root.resolve(module + "/target/" + module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no " + jar + " (./mvnw -q -B -DskipTests package)");
        }
        int port = Managed.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add("java");
        cmd.addAll(serviceFlags);
        cmd.addAll(List.of("-jar", jar.toString()));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("TAGLINE_HTTP_PORT", Integer.toString(port));
        all.putIfAbsent("TAGLINE_LOG_FORMAT", "text");
        Managed m = Managed.start(module, cmd, all, work.resolve("logs/" + module + ".log"));
        return new Service(module, m, port);
    }

    public static void awaitHealthy(Service s, Duration timeout) throws IOException, InterruptedException {
        s.process().waitForHttp("http://127.0.0.1:" + s.port() + "/health", timeout);
    }

    /**
     * A JVM with the services' flags running {@code mainClass} from {@code classpath} (figure 2's jib baseline), its standard
     * input and output piped to the harness, its standard error in the log.
     */
    public Managed jvm(String name, String classpath, String mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("java");
        cmd.addAll(serviceFlags);
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        return Managed.start(name, cmd, Map.of(), work.resolve("logs/" + name + ".log"), true);
    }

    /** A JVM with the services' flags that does nothing: the memory baseline. */
    public Managed idleJvm(String classpath) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("java");
        cmd.addAll(serviceFlags);
        cmd.addAll(List.of("-cp", classpath, "dev.tagline.bench.IdleJvm"));
        return Managed.start("idle-jvm", cmd, Map.of(), work.resolve("logs/idle-jvm.log"));
    }
}
