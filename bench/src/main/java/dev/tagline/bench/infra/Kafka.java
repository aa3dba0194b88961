package dev.tagline.bench.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/** Plain Kafka client helpers for the harness (topics, offsets, timestamps). */
public final class Kafka {
    private Kafka() {
    }

    public static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    public static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return producer(producerSettings(bootstrap));
    }

    public static KafkaProducer<byte[], byte[]> producer(Properties settings) {
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The harness's producer settings: acks=all, idempotent, 5 ms linger. */
    public static Properties producerSettings(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    /** The harness's reader of the pipeline's output: read_committed, so it sees what the services committed. */
    public static KafkaConsumer<byte[], byte[]> reader(String bootstrap) {
        return reader(bootstrap, true);
    }

    /** {@code committed} false: read_uncommitted, records as soon as they are written (figure 2's signal that results are out). */
    public static KafkaConsumer<byte[], byte[]> reader(String bootstrap, boolean committed) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The topic's partitions, waiting up to 30 s for a just-created topic's metadata to reach the client. */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<TopicPartition> list = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> list.add(new TopicPartition(topic, p.partition())));
            if (!list.isEmpty() || System.nanoTime() > deadline) {
                return list;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return list;
            }
        }
    }

    /** Sum over partitions of (end offset - group's committed offset): what the group still has to read. */
    public static long lag(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            var desc = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            desc.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    /** Count and first/last record timestamps of a topic's committed records (read from the beginning). */
    public record Span(long count, long firstMillis, long lastMillis) {
    }

    public static Span span(String bootstrap, String topic, long expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = reader(bootstrap)) {
            List<TopicPartition> parts = partitions(c, topic);
            c.assign(parts);
            c.seekToBeginning(parts);
            long count = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long deadline = System.nanoTime() + timeout.toNanos();
            int emptyPolls = 0;
            while (count < expected && System.nanoTime() < deadline && emptyPolls < 20) {
                var records = c.poll(Duration.ofMillis(250));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    count++;
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                }
            }
            return new Span(count, first, last);
        }
    }

    /** Follows a topic from its beginning; {@link #next} reads the next {@code count} committed records. */
    public static final class Reader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;

        public Reader(String bootstrap, String topic) {
            consumer = reader(bootstrap);
            List<TopicPartition> parts = partitions(consumer, topic);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }

        public Span next(long count, Duration timeout) {
            long n = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (n < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    n++;
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                }
            }
            return new Span(n, first, last);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
