package dev.tagline.deploy.containers;

import com.github.dockerjava.api.model.Ulimit;
import dev.tagline.testkit.FreePorts;
import dev.tagline.testkit.KafkaBroker;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service images work: builds the JRE base and the four service images (jib-maven-plugin, the
 * root pom's configuration) into a real registry on 127.0.0.1, runs them as containers through
 * podman's Docker API (host network, runc, explicit ulimits, read-only root filesystem with tmpfs
 * /tmp and home, as Compose and Kubernetes run them) against the real KRaft broker, and
 * checks each is healthy on /health, that the in-image health check of the Compose file passes, and
 * that a tag flows through the four containers into the registry.
 *
 * <p>Needs podman (deploy/images/podman-setup.sh installs and starts it; this test runs that script
 * when DOCKER_HOST is unset). Fails, never skips, when podman is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceImagesIT {
    static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

    private final Path repoRoot = Path.of("").toAbsolutePath().getParent();
    private final List<GenericContainer<?>> containers = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private LocalRegistry registry;
    private ServiceImages.Built images;
    private TagFlow flow;

    @BeforeAll
    void buildAndStart() throws IOException {
        assertTrue(Files.isExecutable(repoRoot.resolve("mvnw")), "run from the deploy module: no mvnw in " + repoRoot);
        Podman.useApi(repoRoot);
        registry = LocalRegistry.start();
        Path work = Files.createTempDirectory("tagline-images");
        workDirs.add(work);
        images = ServiceImages.build(repoRoot, registry.hostPort(), work);
        System.out.printf("images: JRE base %d ms, four services (package + jib:build) %d ms%n",
                images.baseMillis(), images.servicesMillis());

        String bootstrap = KafkaBroker.shared().bootstrapServers();
        flow = TagFlow.prepare(Files.createTempDirectory("tagline-flow"), registry.hostPort());
        workDirs.add(flow.dir());
        long start = System.nanoTime();
        for (Map.Entry<String, String> image : images.services().entrySet()) {
            Podman.pull(image.getValue(), repoRoot);
            int port = FreePorts.find();
            ports.put(image.getKey(), port);
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image.getValue()))
                    .withEnv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
                    .withEnv("TAGLINE_HTTP_PORT", Integer.toString(port))
                    .withEnv("TAGLINE_BUILDER_INSECURE_REGISTRIES", registry.hostPort())
                    .withEnv("TAGLINE_PRUNER_INSECURE_REGISTRIES", registry.hostPort())
                    .withEnv("TAGLINE_LOG_FORMAT", "text")
                    .withEnv(flow.environment())
                    .withFileSystemBind(flow.dir().toString(), flow.dir().toString(), BindMode.READ_ONLY)
                    .withLogConsumer(new Slf4jLogConsumer(org.slf4j.LoggerFactory.getLogger(image.getKey())))
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            // Host network only: podman's bridge network must never be used here.
                            .withNetworkMode("host")
                            // As Compose and Kubernetes run them: read-only root, writable /tmp and home.
                            .withReadonlyRootfs(true)
                            .withTmpFs(Map.of("/tmp", "rw", "/home/tagline", "rw,mode=1777"))
                            .withUlimits(new Ulimit[] {new Ulimit("nofile", 1024L, 20000L),
                                    new Ulimit("nproc", 4096L, 4096L)}))
                    .waitingFor(new HealthEndpoint(port).withStartupTimeout(STARTUP_LIMIT));
            containers.add(container);
        }
        // One at a time: four JVMs starting together on 2 cores only take longer.
        containers.forEach(GenericContainer::start);
        System.out.printf("containers: four services started and healthy in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void stop() throws IOException {
        // each container's output, for failures: deploy/target/containers/<image>.log
        Path logs = repoRoot.resolve("deploy/target/containers");
        Files.createDirectories(logs);
        for (GenericContainer<?> container : containers) {
            String name = container.getDockerImageName().replaceAll("[^A-Za-z0-9._-]+", "_");
            Files.writeString(logs.resolve(name + ".log"), container.getLogs());
        }
        containers.forEach(GenericContainer::stop);
        if (images != null) {
            images.services().values().forEach(image -> Podman.remove(image, repoRoot));
        }
        if (registry != null) {
            registry.close();
        }
        workDirs.forEach(ServiceImagesIT::deleteRecursively);
    }

    /** The jlinked runtimes and jib caches: ~70 MB per build. */
    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }

    /** /health for Compose and readiness, /health/liveness for the Kubernetes startup and liveness probes. */
    @Test
    void everyServiceImageAnswersHealthOnItsPort() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (Map.Entry<String, Integer> service : ports.entrySet()) {
            for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.getValue() + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), service.getKey() + path + ": " + response.body());
                assertTrue(response.body().contains("\"UP\""), service.getKey() + path + ": " + response.body());
            }
        }
    }

    /** Runs each service's health check exactly as deploy/compose/compose.yaml declares it. */
    @Test
    void composeHealthCheckCommandPassesInsideTheJreOnlyImage() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(repoRoot.resolve("deploy/compose/compose.yaml")));
        for (GenericContainer<?> container : containers) {
            String service = images.services().entrySet().stream()
                    .filter(e -> e.getValue().equals(container.getDockerImageName())).findFirst().orElseThrow().getKey();
            List<String> test = healthCheckOf(compose, service);
            assertEquals("CMD", test.get(0), service + ": exec form (the image has no shell)");
            ExecResult result = container.execInContainer(test.subList(1, test.size()).toArray(String[]::new));
            assertEquals(0, result.getExitCode(), container.getDockerImageName() + ": " + result.getStdout()
                    + result.getStderr());
        }
    }

    @Test
    void servicesRunAsTheNonRootUserWithTheDocumentedMemoryFootprint() throws IOException {
        for (GenericContainer<?> container : containers) {
            var info = container.getContainerInfo();
            assertEquals("65532:65532", info.getConfig().getUser(), container.getDockerImageName());
            long pid = info.getState().getPidLong();
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            long rssKb = status.lines().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
            String uid = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            System.out.printf("%s: RSS %d MB after start (%s)%n", container.getDockerImageName(), rssKb / 1024, uid);
            assertTrue(uid.contains("65532"), container.getDockerImageName() + " runs as " + uid);
            assertTrue(rssKb < 300 * 1024, container.getDockerImageName() + " uses " + rssKb / 1024
                    + " MB RSS; the image's JVM flags are meant to keep it under 300 MB");
        }
    }

    @Test
    void jreBaseImageIsReproducible() throws IOException {
        Path freshWork = Files.createTempDirectory("tagline-jre-base-again");
        workDirs.add(freshWork);
        String again = ServiceImages.jreBase(repoRoot, registry.hostPort() + "/tagline/jre-base:17-again", freshWork);
        assertEquals(images.base().substring(images.base().indexOf('@') + 1), again,
                "a second jlink + push of the same JDK must give the same digest");
    }

    /**
     * The images work together: the tag pushed before start is found by the listener container's
     * poller, planned by the planner container, built and pushed by the builder container, and its
     * build result makes the pruner container run its (dry-run) retention.
     */
    @Test
    void oneTagFlowsThroughTheFourContainers() throws Exception {
        flow.awaitImageAndAudit(registry, Duration.ofMinutes(3));
    }

    @SuppressWarnings("unchecked")
    static List<String> healthCheckOf(Map<String, Object> compose, String service) {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        Map<String, Object> healthcheck = (Map<String, Object>) definition.get("healthcheck");
        return ((List<Object>) healthcheck.get("test")).stream().map(String::valueOf).toList();
    }

    /** Ready when GET /health on the service's host-network port answers 200. */
    static final class HealthEndpoint extends AbstractWaitStrategy {
        private final int port;

        HealthEndpoint(int port) {
            this.port = port;
        }

        @Override
        protected void waitUntilReady() {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new IllegalStateException("the container stopped before /health answered on port " + port);
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    last = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("/health on 127.0.0.1:" + port + " not healthy within " + startupTimeout
                    + ": " + last);
        }
    }
}
