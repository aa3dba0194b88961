package dev.tagline.bench.infra;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Topics read from the beginning by a read_committed (or read_uncommitted) consumer in a background daemon thread, each
 * record handed to {@code take} in log order. The broker may be down for a while: the consumer
 * reconnects by itself and a poll just returns nothing. A failure of the reader is kept for {@link #check()}.
 */
public final class TopicTail implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    public TopicTail(String threadName, String bootstrap, List<String> topics, Duration poll,
                     Consumer<ConsumerRecord<byte[], byte[]>> take) {
        this(threadName, bootstrap, true, topics, poll, take);
    }

    public TopicTail(String threadName, String bootstrap, boolean committed, List<String> topics, Duration poll,
                     Consumer<ConsumerRecord<byte[], byte[]>> take) {
        thread = new Thread(() -> loop(bootstrap, committed, topics, poll, take), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(String bootstrap, boolean committed, List<String> topics, Duration poll,
                      Consumer<ConsumerRecord<byte[], byte[]>> take) {
        try (KafkaConsumer<byte[], byte[]> c = Kafka.reader(bootstrap, committed)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                parts.addAll(Kafka.partitions(c, t));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(poll)) {
                    take.accept(r);
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** @throws IllegalStateException when reading the topics failed */
    public void check() {
        if (failure != null) {
            throw new IllegalStateException("reading the topics failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
