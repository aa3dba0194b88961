package dev.tagline.planner.service;

import dev.tagline.schema.kafka.InstanceIds;
import dev.tagline.schema.kafka.PassThroughSettings;
import dev.tagline.schema.kafka.TopicCreator;
import dev.tagline.schema.kafka.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tag-planner's Kafka Streams application inside the Micronaut service: builds the
 * {@link PlannerTopology}, configures exactly-once processing and static membership, replaces a
 * stream thread that died (a broker outage longer than {@code task.timeout.ms}, say) after a
 * growing pause instead of letting the service stop, and closes cleanly on shutdown (the open
 * transaction is committed or aborted, never left half done, and the group is left so a peer takes
 * over at once).
 */
@Context
@Requires(property = "tagline.planner.streams.enabled", notEquals = "false")
public class PlannerStreams {
    private static final Logger LOG = LoggerFactory.getLogger(PlannerStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_REPLACE_PAUSE = Duration.ofSeconds(10);
    /** The producer fills large batches (bench/BareCopy, the baseline of figure 1, uses the same two settings). */
    private static final int PRODUCER_LINGER_MS = 50;
    private static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final AtomicInteger recentFailures = new AtomicInteger();
    private volatile Instant lastFailure = Instant.EPOCH;
    private volatile boolean closing;

    public PlannerStreams(PolicyStore policies, PlannerConfig config, TopicsConfig topics, MeterRegistry meters, Environment environment,
                          @Value("${kafka.bootstrap.servers}") String bootstrapServers, AdminClient admin, @Nullable TopicCreator topicsCreated) {
        Properties props = properties(config, topics, bootstrapServers, PassThroughSettings.under(environment, "tagline.planner.streams"),
                clusterId(admin));
        PlannerMetrics metrics = new PlannerMetrics(meters);
        this.streams = new KafkaStreams(PlannerTopology.build(policies, metrics, Clock.systemUTC(), ProcessingSettings.of(config),
                FetchedOffsetsInterceptor.FETCHED), props);
        streams.setUncaughtExceptionHandler(this::threadDied);
        streams.setStateListener((now, before) -> LOG.info("kafka streams {} -> {}", before, now));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        meters.gauge("tagline.planner.stream.thread.replacements", recentFailures);
        LOG.info("starting {} (instance {}, {} state in {}, exactly-once, commit every {} ms)", config.applicationId(),
                props.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)), config.inMemory() ? "in-memory" : "RocksDB",
                props.get(StreamsConfig.STATE_DIR_CONFIG), props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        streams.start();
    }

    /** The broker cluster's id: local state is kept per cluster, so a state directory never meets another cluster's changelogs. */
    static String clusterId(AdminClient admin) {
        try {
            return admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to read its cluster id: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the Kafka cluster id", e);
        }
    }

    static Properties properties(PlannerConfig config, TopicsConfig topics, String bootstrapServers, Map<String, String> overrides,
                                 String clusterId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(config.commitInterval().toMillis()));
        // A live record's commit is requested (PlanProcessor) and runs before the next poll, so the poll
        // timeout only delays the interval commit of a backlog's last records; a poll returns as soon as
        // records arrive. Short polls cost CPU while idle (each wakes the whole run loop), so at most 100 ms.
        props.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(Math.max(1, Math.min(100, config.commitInterval().toMillis() / 5))));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(config.standbyReplicas()));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads() > 0 ? config.streamThreads()
                : Runtime.getRuntime().availableProcessors()));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config).resolve(clusterId).toString());
        // Each task reads one partition of one topic, so there is nothing to align by timestamp: -1 skips
        // Kafka Streams' per-record readiness check, which formats a log line per empty partition even when
        // no log is written (about 3% of a stream thread's time in a replay)
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        // the planner has no global store; silences a 4.x warning, which the partition assignor of each stream thread
        // logs again from the main consumer's settings unless they carry it too
        props.put("processing.exception.handler.global.enabled", "true");
        props.put(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), "true");
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(topics.replicationFactor() == null ? -1 : topics.replicationFactor()));
        // static membership: a restarted instance gets its partitions back at once, without a rebalance
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId(config));
        // a dead instance's partitions move to a peer after 10 s (the default 45 s leaves a repository idle that long)
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "2000");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Large batches: a plan is ~1.7 kB, so the default 16 kB batch held 9 of them and the producer's network thread
        // cost a fifth of the planner's CPU in a replay; 256 kB batches filled for up to 50 ms took the planner's CPU per
        // event from 160 to 132 us. A plan is read_committed, visible only at its transaction's commit, which flushes
        // whatever linger is left: a live plan (committed at once, see PlanProcessor) never waits for the linger.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Integer.toString(PRODUCER_LINGER_MS));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(PRODUCER_BATCH_BYTES));
        // a transaction that starts while the previous commit's markers are written meets CONCURRENT_TRANSACTIONS
        // and waits retry.backoff.ms (100 ms by default) before it retries: that wait was most of a live plan's latency
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), "10");
        overrides.forEach((k, v) -> {
            if (!k.equals("enabled")) {
                props.put(k, v);
            }
        });
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), mainConsumerInterceptors(props));
        return props;
    }

    /**
     * The main consumer's interceptors: the ones configured for it (under {@code main.consumer.}, else {@code consumer.},
     * else unprefixed: Kafka Streams' own precedence), then {@link FetchedOffsetsInterceptor}, which notes how far each
     * poll reached so a burst's live events polled together commit together ({@link PlanProcessor}).
     */
    static String mainConsumerInterceptors(Properties props) {
        String key = ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG;
        Object configured = props.get(StreamsConfig.mainConsumerPrefix(key));
        if (configured == null) {
            configured = props.get(StreamsConfig.consumerPrefix(key));
        }
        if (configured == null) {
            configured = props.get(key);
        }
        List<String> classes = new ArrayList<>();
        if (configured != null) {
            for (String c : configured.toString().split(",")) {
                if (!c.isBlank()) {
                    classes.add(c.trim());
                }
            }
        }
        String ours = FetchedOffsetsInterceptor.class.getName();
        if (!classes.contains(ours)) {
            classes.add(ours);
        }
        return String.join(",", classes);
    }

    static String instanceId(PlannerConfig config) {
        return config.instanceId() != null && !config.instanceId().isBlank() ? config.instanceId().trim()
                : config.applicationId() + "-" + InstanceIds.hostName("localhost");
    }

    static Path stateDir(PlannerConfig config) {
        return config.stateDir() != null && !config.stateDir().isBlank() ? Path.of(config.stateDir())
                : Path.of(System.getProperty("java.io.tmpdir"), "tagline", config.applicationId() + "-state");
    }

    private StreamThreadExceptionResponse threadDied(Throwable error) {
        if (Duration.between(lastFailure, Instant.now()).compareTo(Duration.ofMinutes(1)) > 0) {
            recentFailures.set(0);
        }
        lastFailure = Instant.now();
        int failures = recentFailures.incrementAndGet();
        long pause = Math.min(MAX_REPLACE_PAUSE.toMillis(), 100L << Math.min(failures, 10));
        LOG.error("a stream thread died ({} in the last minute); replacing it in {} ms: {}", failures, pause, error.toString(), error);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return closing ? StreamThreadExceptionResponse.SHUTDOWN_CLIENT : StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @PreDestroy
    public void close() {
        closing = true;
        LOG.info("closing kafka streams: the open transaction is committed or aborted");
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
        streamsMetrics.close();
    }
}
