package dev.tagline.listener.service;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads every partition of one topic from the beginning, forever, without a consumer group (each
 * instance needs the whole log), handing each record to {@code handler} in partition order.
 * {@link #awaitCaughtUp(Duration)} waits until everything written before the call has been handed
 * over: that is how "already on the log" is known before publishing.
 */
final class TopicTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTailer.class);

    private final String topic;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Object monitor = new Object();
    private volatile boolean running = true;
    private volatile int partitionCount;
    /** System.nanoTime() taken just before the end offsets that the tailer has since reached. */
    private long caughtUpAsOf = Long.MIN_VALUE;
    private int waiters;

    TopicTailer(String bootstrapServers, String topic, String name, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        this.topic = topic;
        this.handler = handler;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tag-listener-" + name);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "tailer-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    int partitionCount() {
        return partitionCount;
    }

    /** True when every record written before this call has been handled; false on timeout. */
    boolean awaitCaughtUp(Duration timeout) {
        long asked = System.nanoTime();
        long deadline = asked + timeout.toNanos();
        synchronized (monitor) {
            waiters++;
            try {
                while (caughtUpAsOf < asked || caughtUpAsOf == Long.MIN_VALUE) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !running) {
                        return false;
                    }
                    monitor.wait(Math.max(1, left / 1_000_000));
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiters--;
            }
        }
    }

    private void run() {
        List<TopicPartition> partitions = List.of();
        boolean initial = true;
        try {
            while (running) {
                if (partitions.isEmpty()) {
                    partitions = partitions();
                    if (partitions.isEmpty()) {
                        sleep(200);
                        continue;
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    partitionCount = partitions.size();
                }
                boolean wanted;
                synchronized (monitor) {
                    wanted = waiters > 0 || initial;
                }
                long snapshot = System.nanoTime();
                Map<TopicPartition, Long> ends = wanted ? consumer.endOffsets(partitions, Duration.ofSeconds(5)) : null;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(wanted ? 20 : 200))) {
                    try {
                        handler.accept(r);
                    } catch (RuntimeException e) {
                        LOG.debug("{}: skipped record {}-{}@{}: {}", topic, r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                if (ends != null && reached(ends)) {
                    initial = false;
                    synchronized (monitor) {
                        caughtUpAsOf = Math.max(caughtUpAsOf, snapshot);
                        monitor.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("tailer of {} stopped: {}", topic, e.getMessage(), e);
            }
        } finally {
            running = false;
            synchronized (monitor) {
                monitor.notifyAll();
            }
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions() {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        } catch (RuntimeException e) {
            LOG.debug("no partitions for {} yet: {}", topic, e.getMessage());
            return List.of();
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
