package dev.tagline.planner.service;

import dev.tagline.planner.Application;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.FreePorts;
import dev.tagline.testkit.KafkaBroker;
import dev.tagline.testkit.KafkaProbe;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tag-planner on Kafka Streams against the real broker: the release history outlives the ref-event
 * log, a replay after a restart rebuilds the same tags, and two instances, one killed with
 * {@code kill -9} in the middle of a burst, give exactly one plan per event without re-reading the log.
 */
class PlannerStreamsIT {
    static final String GROUP = "tag-planner";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final AtomicInteger COMMITS = new AtomicInteger();
    private static final List<Path> DIRS = new ArrayList<>();

    /** Test properties: a fresh state directory per context, so no run sees another's local state. */
    static Map<String, String> properties(Map<String, String> kafka) {
        Map<String, String> out = new HashMap<>(kafka);
        out.put("tagline.planner.state-dir", tempDir("planner-state").toString());
        return out;
    }

    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void createTopics() {
        KafkaProbe.createTopics(2, Topics.REF_EVENTS_NAME, Topics.REF_EVENTS.deadLetterName(), Topics.TAG_PLANS_NAME);
    }

    @AfterAll
    static void deleteDirs() throws IOException {
        for (Path dir : DIRS) {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    static String sha() {
        return String.format("%040x", COMMITS.incrementAndGet() * 0x10003L + 0xbeef000000L);
    }

    static Path policies(List<String> repositories) throws IOException {
        Path dir = tempDir("policies");
        int i = 0;
        for (String repo : repositories) {
            Files.writeString(dir.resolve("p" + i++ + ".yml"), "repository: " + repo + "\n"
                    + "images: [registry.test/" + repo.substring(repo.lastIndexOf('/') + 1) + "]\n"
                    + "tags: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}', 'type=sha']\n"
                    + "on:\n  tags: ['v*']\n  branches: [main]\n"
                    + "recipe:\n  base: scratch\n  layers:\n    - {name: app, source: app, target: /app}\n");
        }
        return dir;
    }

    static Map<String, Object> planner(String applicationId, Path policies, String instanceId) {
        Map<String, Object> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        p.put("micronaut.server.port", -1);
        p.put("tagline.topics.partitions", 2);
        p.put("tagline.planner.policy-dir", policies.toString());
        p.put("tagline.planner.application-id", applicationId);
        p.put("tagline.planner.instance-id", instanceId);
        p.put("tagline.planner.state-dir", tempDir("planner-state").toString());
        return p;
    }

    static ApplicationContext start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.run(properties);
        PlannerStreams streams = context.getBean(PlannerStreams.class);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            pause(100);
        }
        assertEquals(KafkaStreams.State.RUNNING, streams.state(), "the planner is running");
        return context;
    }

    /** A planner of {@code repo} alone, started, with its first tag (v0.9.0) planned and read. */
    static ApplicationContext startWithOnePlan(String applicationId, String repo) throws IOException {
        ApplicationContext context = start(planner(applicationId, policies(List.of(repo)), "a"));
        try {
            Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
            RefEvent first = tag(repo, "v0.9.0");
            send(first);
            assertEquals(1, plansFor(from, List.of(first), 1, TIMEOUT).size());
            return context;
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    static RefEvent tag(String repo, String tag) {
        return RefEvent.create(RepositoryId.of(repo), "https://" + repo + ".git", GitRef.tag(tag), RefChange.CREATED, null, CommitSha.parse(sha()),
                Instant.parse("2026-11-20T09:15:00Z"), EventSource.GITHUB, null, Instant.parse("2026-11-20T09:15:03Z"), "main", null, null);
    }

    static RefEvent push(String repo) {
        return RefEvent.create(RepositoryId.of(repo), "https://" + repo + ".git", GitRef.branch("main"), RefChange.UPDATED, CommitSha.parse(sha()),
                CommitSha.parse(sha()), Instant.parse("2026-11-20T09:15:00Z"), EventSource.POLLER, null, Instant.parse("2026-11-20T09:15:03Z"),
                "main", null, null);
    }

    static void send(RefEvent e) {
        KafkaProbe.send(Topics.REF_EVENTS_NAME, e.repository().value(), Topics.REF_EVENTS.encode(e));
    }

    /** Plans on image.tag-plans for these events (by event id), read_committed, waiting until {@code expected} arrived. */
    static List<TagPlan> plansFor(Map<TopicPartition, Long> from, List<RefEvent> events, int expected, Duration timeout) {
        var ids = events.stream().map(RefEvent::eventId).collect(Collectors.toSet());
        return KafkaProbe.poll(Topics.TAG_PLANS_NAME, from, r -> ids.contains(Topics.TAG_PLANS.decode(r.value()).eventId()), expected, timeout)
                .stream().map(r -> Topics.TAG_PLANS.decode(r.value())).toList();
    }

    static List<String> tags(TagPlan plan) {
        return plan.variants().get(0).tags().stream().map(ImageTag::value).toList();
    }

    @Test
    void theHistoryOutlivesTheRefEventLogAndAReplayRebuildsTheSameTags() throws Exception {
        String repo = "github.com/acme/history";
        Path policies = policies(List.of(repo));
        Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
        RefEvent v7 = tag(repo, "v7.0.0");
        List<TagPlan> first;
        try (ApplicationContext a = start(planner("tag-planner-it-history", policies, "a"))) {
            send(v7);
            first = plansFor(from, List.of(v7), 1, TIMEOUT);
            assertEquals(1, first.size());
        }
        // the log expires (every record of git.ref-events deleted) and the local state is lost (a new state dir):
        // only the compacted changelog remains
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrap()))) {
            Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
            KafkaProbe.endOffsets(Topics.REF_EVENTS_NAME).forEach((tp, end) -> all.put(tp, RecordsToDelete.beforeOffset(end)));
            admin.deleteRecords(all).all().get(30, TimeUnit.SECONDS);
        }
        RefEvent v69 = tag(repo, "v6.9.0");
        try (ApplicationContext b = start(planner("tag-planner-it-history", policies, "a"))) {
            send(v69);
            List<TagPlan> backport = plansFor(from, List.of(v69), 1, TIMEOUT);
            assertEquals(List.of("6.9.0", "6.9", "6", "sha-" + v69.newCommit().value().substring(0, 7)), tags(backport.get(0)),
                    "7.0.0 is remembered: the backport takes neither 6 nor latest");
            // replay the repository's whole history
            Map<TopicPartition, Long> replayFrom = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
            List<RefEvent> replays = List.of(v7.asReplay("run-1", false, Instant.now()), v69.asReplay("run-1", false, Instant.now()));
            replays.forEach(PlannerStreamsIT::send);
            List<TagPlan> replayed = plansFor(replayFrom, replays, 2, TIMEOUT);
            Map<String, List<String>> byRef = replayed.stream().collect(Collectors.toMap(p -> p.ref().value(), PlannerStreamsIT::tags));
            assertEquals(tags(first.get(0)), byRef.get("refs/tags/v7.0.0"), "the replayed release has the same tags");
            assertEquals(tags(backport.get(0)), byRef.get("refs/tags/v6.9.0"), "the replayed backport has the same tags");
        }
    }

    /**
     * Four live events of one repository that reach the planner in one poll are planned in one exactly-once transaction
     * (each used to commit on its own: the fourth plan waited for three commits). On the plans' partition a transaction
     * ends with its commit marker, which takes an offset: four plans of one transaction stand at four consecutive
     * offsets, four transactions would spread them over seven. One extra commit in between (the burst reaching the planner
     * in two fetches) is allowed: five offsets.
     */
    @Test
    void aBurstOfLiveEventsFetchedInOnePollIsPlannedInOneTransaction() throws Exception {
        String repo = "github.com/acme/burst";
        // a first event, so the burst meets a planner at work (just started, it polls the burst too late to call it live)
        try (ApplicationContext a = startWithOnePlan("tag-planner-it-burst", repo)) {
            Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
            List<RefEvent> burst = List.of(tag(repo, "v1.0.0"), tag(repo, "v1.0.1"), tag(repo, "v1.0.2"), tag(repo, "v1.0.3"));
            Map<String, Object> batching = new HashMap<>();
            batching.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrap());
            batching.put(ProducerConfig.LINGER_MS_CONFIG, 60_000); // sent as one batch, at the flush
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(batching, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (RefEvent e : burst) {
                    producer.send(new ProducerRecord<>(Topics.REF_EVENTS_NAME, e.repository().value().getBytes(StandardCharsets.UTF_8),
                            Topics.REF_EVENTS.encode(e)));
                }
                producer.flush();
            }
            var ids = burst.stream().map(RefEvent::eventId).collect(Collectors.toSet());
            List<ConsumerRecord<byte[], byte[]>> plans = KafkaProbe.poll(Topics.TAG_PLANS_NAME, from,
                    r -> ids.contains(Topics.TAG_PLANS.decode(r.value()).eventId()), 4, TIMEOUT);

            assertEquals(4, plans.size());
            assertEquals(1, plans.stream().map(ConsumerRecord::partition).distinct().count(), "one repository, one partition");
            long lowest = plans.stream().mapToLong(ConsumerRecord::offset).min().orElseThrow();
            long highest = plans.stream().mapToLong(ConsumerRecord::offset).max().orElseThrow();
            assertTrue(highest - lowest <= 4, "plans at offsets " + plans.stream().map(ConsumerRecord::offset).toList()
                    + ": one commit marker between them at most");
        }
    }

    /**
     * Once its plan is committed, an idle planner commits nothing: no empty transaction per commit interval (a wall-clock
     * punctuator every live-lag once marked every task as needing a commit, so each stream thread wrote one a second).
     */
    @Test
    void anIdlePlannerCommitsNoTransaction() throws Exception {
        try (ApplicationContext a = startWithOnePlan("tag-planner-it-idle", "github.com/acme/idle")) {
            pause(1_500); // the event's own commit, and whatever the start-up left to commit
            double before = commits(a);

            pause(3_500); // more than three commit intervals (1 s)

            assertEquals(before, commits(a), "transactions committed while idle");
        }
    }

    /**
     * Kafka Streams 4.x warns about {@code processing.exception.handler.global.enabled} once for the application's settings
     * and once more per stream thread, from the partition assignor, which reads the main consumer's settings only.
     */
    @Test
    void aPlannerStartsWithoutSettingsWarnings() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(StreamsConfig.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (ApplicationContext a = startWithOnePlan("tag-planner-it-settings", "github.com/acme/settings")) {
            List<String> warnings = lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertEquals(List.of(), warnings);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void twoInstancesOneKilledMidBurstGiveExactlyOnePlanPerEventWithoutReReadingTheLog() throws Exception {
        List<String> repos = List.of("github.com/scale/a", "github.com/scale/b", "github.com/scale/c", "github.com/scale/d",
                "github.com/scale/e", "github.com/scale/f");
        Path policies = policies(repos);
        String app = "tag-planner-it-scale";
        int httpB = FreePorts.find();
        try (ApplicationContext a = start(planner(app, policies, "a"))) {
            Process b = startProcess(planner(app, policies, "b"), httpB);
            try {
                awaitReady(httpB);
                // some history first, planned by both instances, so that re-reading the log would show
                List<RefEvent> history = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    history.add(push(repos.get(i % repos.size())));
                }
                Map<TopicPartition, Long> historyFrom = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
                history.forEach(PlannerStreamsIT::send);
                assertEquals(history.size(), plansFor(historyFrom, history, history.size(), TIMEOUT).size());
                assertEquals(2, membersWithPartitions(app), "both instances own partitions before the kill");
                double consumedBefore = mainConsumerRecords(a);

                Map<TopicPartition, Long> from = KafkaProbe.endOffsets(Topics.TAG_PLANS_NAME);
                List<RefEvent> burst = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    burst.add(push(repos.get(i % repos.size())));
                }
                Thread sender = new Thread(() -> burst.forEach(PlannerStreamsIT::send));
                sender.start();
                // kill -9 once part of the burst is planned
                plansFor(from, burst, burst.size() / 4, TIMEOUT);
                b.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                sender.join(TIMEOUT.toMillis());

                List<TagPlan> plans = plansFor(from, burst, burst.size(), TIMEOUT);
                // and nothing more arrives afterwards
                List<TagPlan> settled = plansFor(from, burst, burst.size() + 1, Duration.ofSeconds(3));
                Map<String, Long> perPlan = settled.stream().collect(Collectors.groupingBy(TagPlan::planId, Collectors.counting()));
                assertEquals(burst.size(), plans.size(), "every event planned");
                assertEquals(burst.size(), perPlan.size(), "one plan id per event");
                assertTrue(perPlan.values().stream().allMatch(n -> n == 1), "no plan written twice: " + perPlan.entrySet().stream()
                        .filter(e -> e.getValue() > 1).toList());
                double consumed = mainConsumerRecords(a) - consumedBefore;
                assertTrue(consumed <= burst.size() + 100, "the survivor read " + consumed + " records for a burst of " + burst.size()
                        + ": it took over where the dead instance committed, without re-reading the log");
            } finally {
                b.destroyForcibly();
            }
        }
    }

    static long membersWithPartitions(String group) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrap()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members().stream()
                    .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(Topics.REF_EVENTS_NAME)))
                    .count();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** commit-total of the instance's stream threads: commits that committed at least one task. */
    static double commits(ApplicationContext context) {
        double total = 0;
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> e : context.getBean(PlannerStreams.class).streams().metrics().entrySet()) {
            if (e.getKey().name().equals("commit-total") && e.getKey().group().equals("stream-thread-metrics")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    /** records-consumed-total of the instance's main consumers (not the restore consumer). */
    static double mainConsumerRecords(ApplicationContext context) {
        double total = 0;
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> e : context.getBean(PlannerStreams.class).streams().metrics().entrySet()) {
            var name = e.getKey();
            String client = name.tags().getOrDefault("client-id", "");
            if (name.name().equals("records-consumed-total") && name.group().equals("consumer-fetch-manager-metrics")
                    && !name.tags().containsKey("topic") && client.endsWith("-consumer") && !client.endsWith("restore-consumer")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    static Process startProcess(Map<String, Object> properties, int httpPort) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path")));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-Dmicronaut.server.port=" + httpPort);
        cmd.add("-DTAGLINE_LOG_FORMAT=text");
        cmd.add(Application.class.getName());
        Path log = tempDir("planner-b").resolve("out.log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitReady(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(200);
        }
        throw new AssertionError("the second planner did not become ready on port " + port);
    }
}
