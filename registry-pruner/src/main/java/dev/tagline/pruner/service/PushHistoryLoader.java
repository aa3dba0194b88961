package dev.tagline.pruner.service;

import dev.tagline.pruner.history.PushHistory;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Rebuilds the push history by reading {@code image.build-results} from the beginning to its current
 * end (no consumer group, nothing committed). The topic is the durable store: a restarted pruner knows
 * every push time again.
 */
public final class PushHistoryLoader {
    private PushHistoryLoader() {
    }

    /** What a read gave: how many build results, and whether every partition was read to the end seen at start. */
    public record Loaded(int count, boolean complete) {
    }

    /**
     * The same for some partitions only (null: all): a newly assigned partition is read to its current
     * end before this instance prunes its repositories, so the push history it decides with is complete.
     * Returns -1 when the end was not reached within {@code timeout}.
     */
    public static int load(String bootstrap, PushHistory history, Duration timeout, java.util.Collection<Integer> only) {
        Loaded loaded = read(bootstrap, history, timeout, only);
        return loaded.complete() ? loaded.count() : -1;
    }

    /** Reads the partitions {@code only} (null: all) to the end offsets seen at start, for at most {@code timeout}. */
    public static Loaded read(String bootstrap, PushHistory history, Duration timeout, java.util.Collection<Integer> only) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        int count = 0;
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.BUILD_RESULTS_NAME, timeout);
            if (infos == null || infos.isEmpty()) {
                return new Loaded(0, true);
            }
            List<TopicPartition> partitions = infos.stream().filter(i -> only == null || only.contains(i.partition()))
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (partitions.isEmpty()) {
                return new Loaded(0, true);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (Instant.now().isBefore(deadline) && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        BuildResult result = Topics.BUILD_RESULTS.decode(r.value());
                        history.record(result);
                        count++;
                    } catch (InvalidEventException e) {
                        // dead-lettered by the listener; nothing to learn from it here
                    }
                }
            }
            boolean complete = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            return new Loaded(count, complete);
        }
    }
}
