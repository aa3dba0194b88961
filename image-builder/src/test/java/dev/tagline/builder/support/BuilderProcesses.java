package dev.tagline.builder.support;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestFiles;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * image-builder as a real process (for kill -9 and SIGTERM tests), its results on the topic, and its log. Register it
 * with {@code @RegisterExtension}: the processes a test started are killed after it.
 */
public final class BuilderProcesses implements AfterEachCallback, AutoCloseable {
    private final List<Process> children = new ArrayList<>();

    /** Starts {@code dev.tagline.builder.Application} on the test classpath; {@code extra} are more {@code -D} settings. */
    public Process start(ProcessStage stage, Path log, String... extra) throws IOException {
        Path logback = Path.of("target/classes/logback.xml").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + logback,
                "-Dkafka.bootstrap.servers=" + KafkaProbe.bootstrap(),
                "-Dtagline.builder.instance-id=failover-it",
                "-Dtagline.topics.create=false",
                "-Dmicronaut.server.port=-1",
                "-Dtagline.builder.cache-dir=" + stage.work().resolve("cache"),
                "-Dtagline.builder.insecure-registries=" + LocalRegistry.shared().hostPort()));
        for (String e : extra) {
            cmd.add("-D" + e);
        }
        cmd.add("dev.tagline.builder.Application");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TAGLINE_LOG_FORMAT", "text");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        children.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        children.forEach(Process::destroyForcibly);
    }

    public static List<BuildResult> results(Map<TopicPartition, Long> from, Set<String> planIds, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(Topics.BUILD_RESULTS_NAME, from,
                r -> planIds.contains(Topics.BUILD_RESULTS.decode(r.value()).planId()), count, timeout);
        return records.stream().map(r -> Topics.BUILD_RESULTS.decode(r.value())).toList();
    }

    /**
     * Every result of the plans on the topic from {@code from} to its current end, committed or not
     * ({@code read_uncommitted}): what a kill between publishing and committing left behind.
     */
    public static List<BuildResult> resultsIncludingUncommitted(Map<TopicPartition, Long> from, Set<String> planIds) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<BuildResult> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(from.keySet());
            from.forEach(c::seek);
            Map<TopicPartition, Long> end = c.endOffsets(from.keySet(), Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    BuildResult result = Topics.BUILD_RESULTS.decode(r.value());
                    if (planIds.contains(result.planId())) {
                        out.add(result);
                    }
                }
            }
        }
        return out;
    }

    /** Time from {@code since} until a line containing {@code text} shows up in the log (polled every 20 ms). */
    public static Duration awaitLine(Path log, String text, Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.contains(text))) {
                return Duration.between(since, Instant.now());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' in the log after " + timeout + ": " + tail(log));
    }

    public static String tail(Path log) {
        return TestFiles.tail(log, 30);
    }
}
