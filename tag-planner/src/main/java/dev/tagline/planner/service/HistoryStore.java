package dev.tagline.planner.service;

import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.planner.policy.ReleasePolicy;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.RepositoryId;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each repository's release history, held in memory and rebuilt from the ref-event log (the source
 * of truth): when a partition is assigned, its records before the group's committed offset are
 * read again and folded through the planner, so the history is exactly what processing them gave.
 */
@Singleton
public class HistoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

    private final Map<RepositoryId, ReleaseHistory> histories = new ConcurrentHashMap<>();
    private final Map<RepositoryId, Integer> partitionOf = new ConcurrentHashMap<>();
    private final Map<RepositoryId, java.util.Set<String>> seen = new ConcurrentHashMap<>();
    private final PolicyStore policies;
    private final String bootstrapServers;
    private final Duration timeout;

    public HistoryStore(PolicyStore policies, PlannerConfig config, @Value("${kafka.bootstrap.servers}") String bootstrapServers) {
        this.policies = policies;
        this.bootstrapServers = bootstrapServers;
        this.timeout = config.historyRebuildTimeout();
    }

    public ReleaseHistory get(RepositoryId repository) {
        return histories.getOrDefault(repository, ReleaseHistory.empty());
    }

    public void put(RepositoryId repository, int partition, ReleaseHistory history) {
        histories.put(repository, history);
        partitionOf.put(repository, partition);
    }

    /** True when an event with this id was already processed for the repository (a duplicate delivery). */
    public boolean seen(RepositoryId repository, String eventId) {
        java.util.Set<String> ids = seen.get(repository);
        return ids != null && ids.contains(eventId);
    }

    /** Remembers the last {@value #SEEN_PER_REPOSITORY} event ids of each repository. */
    public void markSeen(RepositoryId repository, int partition, String eventId) {
        partitionOf.putIfAbsent(repository, partition);
        seen.computeIfAbsent(repository, r -> java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(
                new java.util.LinkedHashMap<String, Boolean>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > SEEN_PER_REPOSITORY;
                    }
                }))).add(eventId);
    }

    static final int SEEN_PER_REPOSITORY = 10_000;

    /** Rebuilds the histories of the repositories on these partitions from offset 0 up to (excluding) {@code upTo}. */
    public void rebuild(Map<TopicPartition, Long> upTo) {
        if (upTo.isEmpty()) {
            return;
        }
        for (TopicPartition tp : upTo.keySet()) {
            partitionOf.entrySet().removeIf(e -> {
                if (e.getValue() == tp.partition()) {
                    histories.remove(e.getKey());
                    seen.remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
        Map<TopicPartition, Long> wanted = new HashMap<>();
        upTo.forEach((tp, end) -> {
            if (end != null && end > 0) {
                wanted.put(tp, end);
            }
        });
        if (wanted.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tag-planner-history-rebuild");
        long count = 0;
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(wanted.keySet());
            consumer.seekToBeginning(wanted.keySet());
            Map<TopicPartition, Long> remaining = new HashMap<>(wanted);
            while (!remaining.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("rebuilding the release history timed out after " + timeout + " (" + remaining + " left)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = remaining.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    fold(r);
                    count++;
                }
                for (TopicPartition tp : List.copyOf(remaining.keySet())) {
                    if (consumer.position(tp) >= remaining.get(tp)) {
                        remaining.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        }
        LOG.info("rebuilt release histories of {} repositories from {} ref events on {}", histories.size(), count, wanted.keySet());
    }

    private void fold(ConsumerRecord<byte[], byte[]> r) {
        RefEvent event;
        try {
            event = Topics.REF_EVENTS.decode(r.value());
        } catch (InvalidEventException e) {
            return; // it was dead-lettered when first consumed
        }
        ReleasePolicy policy = policies.forRepository(event.repository()).orElse(null);
        if (policy == null || seen(event.repository(), event.id())) {
            return;
        }
        markSeen(event.repository(), r.partition(), event.id());
        try {
            put(event.repository(), r.partition(), TagPlanner.fold(event, policy, get(event.repository())));
        } catch (RuntimeException e) {
            LOG.debug("skipping ref event {} in history rebuild: {}", event.id(), e.getMessage());
        }
    }

    /** For revoked partitions: forget, so a later assignment rebuilds from the log. */
    public void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            partitionOf.entrySet().removeIf(e -> {
                if (e.getValue() == tp.partition()) {
                    histories.remove(e.getKey());
                    seen.remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
    }
}
