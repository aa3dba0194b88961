package dev.tagline.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Run 1's baselines: copies records from one topic to another, read-process-write with exactly-once
 * transactions (read_committed, acks=all, idempotence, the consumed offsets committed in the
 * transaction), but no decoding, no state and no planning. {@code batched} (the baseline)
 * commits one transaction per poll of up to 1,000 records, as Kafka Streams polls;
 * {@code per-record} commits one per record (information: what tag-planner 0.1 did).
 *
 * <pre>java -cp ... dev.tagline.bench.BareCopy BOOTSTRAP GROUP IN_TOPIC OUT_TOPIC COUNT TIMEOUT_SECONDS [batched|per-record]</pre>
 */
public final class BareCopy {
    private BareCopy() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String group = args[1];
        String in = args[2];
        String out = args[3];
        long count = Long.parseLong(args[4]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[5])).toNanos();
        boolean batched = args.length < 7 || args[6].equals("batched");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batched ? "1000" : "50");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-copy-" + UUID.randomUUID());
        // tag-planner's batching (PlannerStreams): the baseline batches its sends as well as the planner does
        p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // An experiment knob, off by default (the baseline keeps tag-planner's client settings): see bench/README.md, run 1.
        String backoff = System.getenv("BENCH_COPY_RETRY_BACKOFF_MS");
        if (backoff != null && !backoff.isBlank()) {
            p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, backoff);
        }
        long copied = 0;
        long sendNanos = 0;
        long offsetsNanos = 0;
        long commitNanos = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            while (copied < count && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(100));
                // batched: one transaction per poll; else one per record, as the planner ran before batching
                List<List<ConsumerRecord<byte[], byte[]>>> transactions = new ArrayList<>();
                if (batched && !records.isEmpty()) {
                    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
                    records.forEach(all::add);
                    transactions.add(all);
                } else if (!batched) {
                    records.forEach(r -> transactions.add(List.of(r)));
                }
                for (List<ConsumerRecord<byte[], byte[]>> transaction : transactions) {
                    long t0 = System.nanoTime();
                    producer.beginTransaction();
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<byte[], byte[]> r : transaction) {
                        producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                        copied++;
                    }
                    long t1 = System.nanoTime();
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    long t2 = System.nanoTime();
                    producer.commitTransaction();
                    long t3 = System.nanoTime();
                    sendNanos += t1 - t0;
                    offsetsNanos += t2 - t1;
                    commitNanos += t3 - t2;
                }
            }
        }
        System.out.printf("copied %d; per record: send %.2f ms, sendOffsetsToTransaction %.2f ms, commitTransaction %.2f ms%n",
                copied, sendNanos / 1e6 / Math.max(1, copied), offsetsNanos / 1e6 / Math.max(1, copied), commitNanos / 1e6 / Math.max(1, copied));
        System.exit(copied >= count ? 0 : 3);
    }
}
