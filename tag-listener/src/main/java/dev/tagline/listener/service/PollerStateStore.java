package dev.tagline.listener.service;

import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.kafka.TopicsConfig;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.listener.config.ListenerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The poller's last-seen refs, durable in the compacted topic {@value #TOPIC} (key: repository id,
 * value: {@link PollerState} JSON). Every instance reads the whole topic, so after a restart or a
 * hand-over to another instance the next poll compares with what was last recorded.
 */
@Singleton
public class PollerStateStore implements AutoCloseable {
    /** Compacted; owned by tag-listener. */
    public static final String TOPIC = "tagline.listener.poller-state";
    private static final Logger LOG = LoggerFactory.getLogger(PollerStateStore.class);

    private final Map<String, PollerState> states = new ConcurrentHashMap<>();
    private final Producer<byte[], byte[]> producer;
    private final String bootstrapServers;
    private final TopicsConfig topics;
    private final ListenerConfig config;
    private final MeterRegistry meters;
    private volatile TopicTailer tailer;

    public PollerStateStore(@KafkaClient(id = "tag-listener-poller-state", acks = KafkaClient.Acknowledge.ALL)
                            Producer<byte[], byte[]> producer,
                            @Value("${kafka.bootstrap.servers}") String bootstrapServers, TopicsConfig topics,
                            ListenerConfig config, MeterRegistry meters) {
        this.producer = producer;
        this.config = config;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /**
     * Starts reading the topic; idempotent. Creating the topic is retried by {@link #awaitCaughtUp}
     * until the broker answers, so a broker that is away at start delays polling but stops nothing.
     */
    public synchronized void start() {
        if (tailer != null) {
            return;
        }
        tailer = new TopicTailer(bootstrapServers, TOPIC, "poller-state", this::read, config.backoff(), meters);
        tailer.start();
    }

    /** The reader of the topic, or empty when polling never started. */
    public Optional<ReaderStatus> status() {
        TopicTailer t = tailer;
        return t == null ? Optional.empty() : Optional.of(t.status());
    }

    private volatile boolean topicReady;

    /** Creates the topic if it must and has not yet; false while the broker does not answer. */
    public synchronized boolean ensureTopic() {
        if (topicReady || !topics.create()) {
            topicReady = true;
            return true;
        }
        try {
            createTopic();
            topicReady = true;
        } catch (IllegalStateException e) {
            LOG.warn("{} not created yet, will retry: {}", TOPIC, e.getMessage());
        }
        return topicReady;
    }

    private void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000"))) {
            NewTopic topic = new NewTopic(TOPIC, Optional.of(Math.max(1, topics.partitions())),
                    Optional.ofNullable(topics.replicationFactor()))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(java.util.List.of(topic)).all().get(5, TimeUnit.SECONDS);
            LOG.info("created compacted topic {}", TOPIC);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TOPIC + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating " + TOPIC + " (is Kafka reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            states.remove(key);
            return;
        }
        states.put(key, EventCodec.decode(record.value(), PollerState.class));
    }

    public boolean awaitCaughtUp(Duration timeout) {
        if (!ensureTopic()) {
            return false;
        }
        start();
        return tailer.awaitCaughtUp(timeout);
    }

    public Optional<PollerState> get(RepositoryId repository) {
        return Optional.ofNullable(states.get(repository.value()));
    }

    /** Writes the snapshot and waits for the broker's acknowledgement. */
    public void put(PollerState state) throws KafkaUnavailableException {
        try {
            producer.send(new ProducerRecord<>(TOPIC, state.repository().getBytes(StandardCharsets.UTF_8),
                    EventCodec.encode(state))).get(30, TimeUnit.SECONDS);
            states.put(state.repository(), state);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted writing poller state", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new KafkaUnavailableException("cannot write poller state of " + state.repository() + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (tailer != null) {
            tailer.close();
        }
    }
}
