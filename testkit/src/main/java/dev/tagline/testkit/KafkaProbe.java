package dev.tagline.testkit;

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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Plain Kafka clients for tests, against the JVM's {@link KafkaBroker}: send raw records, read
 * records from a point, and wait until a consumer group has committed past the end of a topic.
 */
public final class KafkaProbe {
    private KafkaProbe() {
    }

    public static String bootstrap() {
        return KafkaBroker.shared().bootstrapServers();
    }

    /** Creates topics that do not exist yet, with the retention tagline's services expect (existing ones are left alone). */
    public static void createTopics(int partitions, String... names) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                NewTopic topic = new NewTopic(name, partitions, (short) 1);
                dev.tagline.schema.kafka.TopicSettings.of(name).ifPresent(settings -> topic.configs(settings.configs()));
                topics.add(topic);
            }
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + name, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create " + name, e);
                }
            });
        }
    }

    public static RecordMetadata send(String topic, String key, byte[] value) {
        return send(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, List.of());
    }

    public static RecordMetadata send(String topic, byte[] key, byte[] value, List<Header> headers) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The current end offset of every partition of the topic: read "from now on" with {@link #poll(Map, int, Duration)}. */
    public static Map<TopicPartition, Long> endOffsets(String topic) {
        try (Admin admin = admin()) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Records of the topic from the beginning until {@code count} were read or the timeout passed. */
    public static List<ConsumerRecord<byte[], byte[]>> poll(String topic, int count, Duration timeout) {
        return poll(topic, null, r -> true, count, timeout);
    }

    /** Records from the given start offsets (see {@link #endOffsets}). */
    public static List<ConsumerRecord<byte[], byte[]>> poll(Map<TopicPartition, Long> from, int count, Duration timeout) {
        String topic = from.keySet().iterator().next().topic();
        return poll(topic, from, r -> true, count, timeout);
    }

    /** Records matching {@code filter}, from {@code from} (null: the beginning), until {@code count} matched or the timeout passed. */
    public static List<ConsumerRecord<byte[], byte[]>> poll(String topic, Map<TopicPartition, Long> from,
                                                           Predicate<ConsumerRecord<byte[], byte[]>> filter,
                                                           int count, Duration timeout) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, timeout);
            consumer.assign(partitions);
            if (from == null) {
                consumer.seekToBeginning(partitions);
            } else {
                for (TopicPartition tp : partitions) {
                    consumer.seek(tp, from.getOrDefault(tp, 0L));
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (filter.test(r)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions after " + timeout);
            }
            KafkaBroker.sleep(Duration.ofMillis(100));
        }
    }

    /** The group's committed offsets on the topic (partitions without a commit are absent). */
    public static Map<TopicPartition, Long> committedOffsets(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> all =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            all.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read offsets of group " + group + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code group} has committed at least up to the given offsets (e.g. the end offsets
     * taken right after sending): everything sent before was consumed and acknowledged.
     *
     * @return true if it got there before the timeout
     */
    public static boolean awaitCommitted(String group, Map<TopicPartition, Long> target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String topic = target.keySet().iterator().next().topic();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> committed = committedOffsets(group, topic);
            boolean done = target.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0 || committed.getOrDefault(e.getKey(), -1L) >= e.getValue());
            if (done) {
                return true;
            }
            KafkaBroker.sleep(Duration.ofMillis(200));
        }
        return false;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }
}
