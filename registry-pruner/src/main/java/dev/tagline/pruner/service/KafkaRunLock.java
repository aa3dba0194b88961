package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.RunLock;
import dev.tagline.schema.value.ImageRepository;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One prune run per image repository across instances, with Kafka's transactional fencing: every run
 * on a repository uses the transactional id {@code registry-pruner-lock-<repository>}.
 * {@code initTransactions()} fences any earlier producer with that id, and before every delete the
 * holder commits a small heartbeat transaction to {@value #LOCK_TOPIC}; a fenced (older) run fails that
 * commit and stops before its next delete. So at most one run is deleting in a repository at any time,
 * the newest one winning; a crashed holder never blocks anyone (no lease to expire).
 */
public final class KafkaRunLock implements RunLock {
    public static final String LOCK_TOPIC = "registry.prune-locks";

    private final String bootstrap;
    private final Duration timeout;

    public KafkaRunLock(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
    }

    private volatile boolean topicReady;

    /** The lock topic is ours alone (one writer): compacted, one partition per key hash, created on first use. */
    private void ensureTopic() {
        if (topicReady) {
            return;
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(LOCK_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(LOCK_TOPIC, Optional.of(1), Optional.empty())
                        .configs(Map.of("cleanup.policy", "compact")))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            topicReady = true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                topicReady = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // the producer will report the broker problem
        }
    }

    @Override
    public Lease acquire(ImageRepository repository) throws LockUnavailableException {
        ensureTopic();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "registry-pruner-lock-" + repository.value());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        byte[] key = repository.value().getBytes(StandardCharsets.UTF_8);
        try {
            producer.initTransactions();
            heartbeat(producer, key, "acquired");
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new LockUnavailableException("cannot take the Kafka prune lock for " + repository + ": " + e.getMessage(), e);
        }
        return new Lease() {
            @Override
            public synchronized void ensureHeld() throws LockUnavailableException {
                try {
                    heartbeat(producer, key, "deleting");
                } catch (KafkaException e) {
                    throw new LockUnavailableException("another prune run took over " + repository + " (fenced): stopping before the next delete", e);
                }
            }

            @Override
            public synchronized void close() {
                try {
                    heartbeat(producer, key, "released");
                } catch (KafkaException ignored) {
                    // fenced or broker gone: nothing to release
                }
                producer.close(Duration.ofSeconds(5));
            }
        };
    }

    private static void heartbeat(KafkaProducer<byte[], byte[]> producer, byte[] key, String state) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(LOCK_TOPIC, key, (state + " " + Instant.now()).getBytes(StandardCharsets.UTF_8)));
        producer.commitTransaction();
    }
}
