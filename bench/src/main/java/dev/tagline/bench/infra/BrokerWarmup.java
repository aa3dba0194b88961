package dev.tagline.bench.infra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Traffic shaped like the pipeline's, on topics of its own, for a while before figure 2: a just-started broker spends
 * about half its CPU in its C2 compiler for tens of seconds, which a long-lived broker does not. An idempotent producer
 * (tag-listener's hop) writes one record at a time; copiers read them read_committed and write each one on in its own
 * exactly-once transaction with the consumed offset (tag-planner's and image-builder's hops); a read_committed reader
 * takes the copies (the harness, registry-pruner). Nothing of the pipeline's topics or groups is touched.
 */
public final class BrokerWarmup {
    private static final String IN = "bench.warmup.in";
    private static final String OUT = "bench.warmup.out";
    private static final int COPIERS = 3;

    private BrokerWarmup() {
    }

    /** Runs the traffic for {@code time}; returns the exactly-once transactions committed. */
    public static long run(String bootstrap, Duration time) throws Exception {
        Kafka.createTopic(bootstrap, IN, 3);
        Kafka.createTopic(bootstrap, OUT, 3);
        long deadline = System.nanoTime() + time.toNanos();
        AtomicLong transactions = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> produce(bootstrap, deadline), "warmup-produce"));
        for (int i = 0; i < COPIERS; i++) {
            threads.add(new Thread(() -> copy(bootstrap, deadline, transactions), "warmup-copy-" + i));
        }
        threads.add(new Thread(() -> read(bootstrap, deadline), "warmup-read"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (Thread t : threads) {
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
            t.start();
        }
        for (Thread t : threads) {
            t.join(); // each stops at the deadline: nothing of the warm-up runs on into the measurement
        }
        if (failure.get() != null) {
            throw new IllegalStateException("warming the broker failed: " + failure.get(), failure.get());
        }
        return transactions.get();
    }

    private static void produce(String bootstrap, long deadline) {
        Properties p = producerProps(bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(p)) {
            long n = 0;
            while (System.nanoTime() < deadline) {
                // a few at a time, each acknowledged before the next few: the copiers always have work, none piles up
                for (int i = 0; i < COPIERS; i++, n++) {
                    producer.send(new ProducerRecord<>(IN, Long.toString(n % 24).getBytes(), new byte[600]));
                }
                producer.flush();
            }
        }
    }

    private static void copy(String bootstrap, long deadline, AtomicLong transactions) {
        Properties p = producerProps(bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-warmup-" + UUID.randomUUID());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, "bench-warmup-copy");
             KafkaProducer<byte[], byte[]> producer = Kafka.producer(p)) {
            producer.initTransactions();
            consumer.subscribe(List.of(IN));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (System.nanoTime() >= deadline) {
                        break; // what is left is never committed: the next poll of the group would read it again
                    }
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(OUT, r.key(), r.value()));
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                    transactions.incrementAndGet();
                }
            }
        }
    }

    private static void read(String bootstrap, long deadline) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, "bench-warmup-read")) {
            consumer.subscribe(List.of(OUT));
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(50));
                consumer.commitAsync();
            }
        }
    }

    /** The harness's producer settings, sending at once as tag-listener's and the builder's producers do. */
    private static Properties producerProps(String bootstrap) {
        Properties p = Kafka.producerSettings(bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return p;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
