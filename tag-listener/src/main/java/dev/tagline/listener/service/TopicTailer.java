package dev.tagline.listener.service;

import dev.tagline.schema.kafka.LogReaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads every partition of one topic from the beginning, forever, without a consumer group (each
 * instance needs the whole log), handing each record to {@code handler} in partition order.
 * {@link #awaitCaughtUp(Duration)} waits until everything written before the call has been handed
 * over: that is how "already on the log" is known before publishing. It asks for the end offsets
 * itself, through an {@link Admin} client on its own connection, and compares them with the positions
 * the tailer publishes after every poll: asking through the tailer's consumer queued the request behind
 * the fetch the broker holds for {@code fetch.max.wait.ms} (500 ms) after an idle {@code poll} (issue 14:
 * ~440 ms per webhook). If the Admin request fails, it falls back to the tailer's own end-offset checks.
 *
 * <p>It never gives up. It asks the broker for the end offsets at least every
 * {@link #PROBE_INTERVAL} (a consumer's poll alone says nothing when the broker is away), and any
 * error is retried with capped exponential backoff and jitter; after {@link #RECREATE_AFTER}
 * consecutive failures, or an error the client does not call retriable, the consumer is closed and a
 * new one continues from the next unread offset of each partition. {@link #status()} and the meters
 * {@code tagline.listener.reader.*{reader}} show where it stands. A record the handler cannot read is
 * skipped and counted ({@code tagline.listener.unreadable.records}): the owner of the topic's
 * processing dead-letters it, not this reader.
 */
final class TopicTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTailer.class);
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    static final int RECREATE_AFTER = 3;

    private final String topic;
    private final String name;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private final Properties props;
    private final Backoff backoff;
    private final Thread thread;
    private final Object monitor = new Object();
    private final Counter failuresCounter;
    private final Counter restartsCounter;
    private final Counter unreadable;
    /** Next offset to read per partition: where a recreated consumer continues. Tailer thread only. */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile int partitionCount;
    private volatile boolean up;
    private volatile boolean caughtUpOnce;
    private volatile int failures;
    private volatile String lastError;
    private volatile Instant lastSuccess;
    private volatile long restarts;
    /** System.nanoTime() taken just before the end offsets that the tailer has since reached. */
    private long caughtUpAsOf = Long.MIN_VALUE;
    private int waiters;
    /** The consumer's position per partition after the last poll (published for waiters). */
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private volatile List<TopicPartition> assigned = List.of();
    /** The last end-offset request of a waiter failed: the tailer probes for waiters itself, as before. */
    private volatile boolean adminFailing;
    private final Object adminLock = new Object();
    /** Notified by {@link #close()} to end a backoff sleep. */
    private final Object stopSignal = new Object();
    private Admin admin;

    TopicTailer(String bootstrapServers, String topic, String name, Consumer<ConsumerRecord<byte[], byte[]>> handler,
                Backoff backoff, MeterRegistry meters) {
        this.topic = topic;
        this.name = name;
        this.handler = handler;
        this.backoff = backoff;
        Properties p = LogReaders.committedReader(bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tag-listener-" + name);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // nothing in the loop may block longer than a few seconds (position() would wait 60 s by default)
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(REQUEST_TIMEOUT.toMillis()));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        this.props = p;
        this.consumer = newConsumer();
        this.failuresCounter = Counter.builder("tagline.listener.reader.failures").tag("reader", name)
                .description("failed broker requests of a background reader (each is retried)").register(meters);
        this.restartsCounter = Counter.builder("tagline.listener.reader.restarts").tag("reader", name)
                .description("times a background reader recreated its consumer after errors").register(meters);
        this.unreadable = Counter.builder("tagline.listener.unreadable.records").tag("reader", name).tag("topic", topic)
                .description("records a reader skipped because it could not read them (not dead-lettered here)").register(meters);
        Gauge.builder("tagline.listener.reader.up", this, t -> t.up ? 1 : 0).tag("reader", name)
                .description("1 when the reader's last broker request succeeded").register(meters);
        this.thread = new Thread(this::run, "tailer-" + name);
        this.thread.setDaemon(true);
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void start() {
        thread.start();
    }

    int partitionCount() {
        return partitionCount;
    }

    ReaderStatus status() {
        return new ReaderStatus(name, topic, up, caughtUpOnce, failures, lastError, lastSuccess, restarts,
                running && (thread.isAlive() || thread.getState() == Thread.State.NEW));
    }

    /** True when every record written before this call has been handled; false on timeout. */
    boolean awaitCaughtUp(Duration timeout) {
        long asked = System.nanoTime();
        long deadline = asked + timeout.toNanos();
        Map<TopicPartition, Long> ends = endOffsets(timeout);
        synchronized (monitor) {
            waiters++;
            try {
                while (!reachedByPositions(ends) && (caughtUpAsOf < asked || caughtUpAsOf == Long.MIN_VALUE)) {
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

    /**
     * The end offsets (read_committed) of every partition, asked now on the Admin client's connection; null
     * when the tailer has no partitions yet or the request failed (the caller then waits for the tailer).
     */
    private Map<TopicPartition, Long> endOffsets(Duration timeout) {
        List<TopicPartition> partitions = assigned;
        if (partitions.isEmpty() || !running) {
            return null;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        long millis = Math.max(1, Math.min(timeout.toMillis(), REQUEST_TIMEOUT.toMillis()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = admin().listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs((int) millis)).all().get(millis, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>();
            infos.forEach((tp, info) -> ends.put(tp, info.offset()));
            adminFailing = false;
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            if (!adminFailing) {
                LOG.warn("reader {} of {}: end offsets through the admin client failed, waiting on the reader instead: {}", name, topic,
                        e.toString());
            }
            adminFailing = true;
            return null;
        }
    }

    private Admin admin() {
        synchronized (adminLock) {
            if (admin == null) {
                Properties p = new Properties();
                p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
                p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tag-listener-" + name + "-ends");
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(REQUEST_TIMEOUT.toMillis()));
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
                p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
                admin = Admin.create(p);
            }
            return admin;
        }
    }

    /** Called holding the monitor. */
    private boolean reachedByPositions(Map<TopicPartition, Long> ends) {
        if (ends == null) {
            return false;
        }
        Map<TopicPartition, Long> now = positions;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            Long at = now.get(e.getKey());
            if (at == null || at < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** After a poll: where the consumer stands, for waiters (a position not known yet is left out). */
    private void publishPositions(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> now = new HashMap<>();
        for (TopicPartition tp : partitions) {
            try {
                now.put(tp, consumer.position(tp, Duration.ZERO));
            } catch (org.apache.kafka.common.errors.TimeoutException notKnownYet) {
                // resolved by a later poll
            }
        }
        positions = Map.copyOf(now);
        synchronized (monitor) {
            if (waiters > 0) {
                monitor.notifyAll();
            }
        }
    }

    private void run() {
        List<TopicPartition> partitions = List.of();
        long lastProbe = 0;
        try {
            while (running) {
                try {
                    if (partitions.isEmpty()) {
                        partitions = partitions();
                        if (partitions.isEmpty()) {
                            sleep(Duration.ofMillis(200));
                            continue;
                        }
                        assign(partitions);
                    }
                    boolean wanted;
                    synchronized (monitor) {
                        wanted = (waiters > 0 && adminFailing) || !caughtUpOnce;
                    }
                    long snapshot = System.nanoTime();
                    Map<TopicPartition, Long> ends = null;
                    if (wanted || snapshot - lastProbe >= PROBE_INTERVAL.toNanos()) {
                        ends = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
                        lastProbe = snapshot;
                        succeeded();
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(wanted ? 20 : 200))) {
                        handle(r);
                        next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    }
                    publishPositions(partitions);
                    if (ends != null && reached(ends)) {
                        caughtUpOnce = true;
                        synchronized (monitor) {
                            caughtUpAsOf = Math.max(caughtUpAsOf, snapshot);
                            monitor.notifyAll();
                        }
                    }
                } catch (WakeupException e) {
                    if (!running) {
                        return;
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    failed(e);
                    if (failures >= RECREATE_AFTER || !(e instanceof RetriableException)) {
                        recreate();
                        partitions = List.of();
                    }
                    sleep(backoff.delay(failures, ThreadLocalRandom.current()::nextDouble));
                }
            }
        } finally {
            running = false;
            up = false;
            synchronized (monitor) {
                monitor.notifyAll();
            }
            closeQuietly(consumer);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        try {
            handler.accept(r);
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.warn("{}: skipped unreadable record {}-{}@{} (its owner dead-letters it): {}", name, r.topic(), r.partition(),
                    r.offset(), e.getMessage());
        }
    }

    private void assign(List<TopicPartition> partitions) {
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long offset = next.get(tp);
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        }
        partitionCount = partitions.size();
        assigned = List.copyOf(partitions);
    }

    private void succeeded() {
        if (!up && failures > 0) {
            LOG.info("reader {} of {} reaches the broker again after {} failed attempt(s)", name, topic, failures);
        }
        up = true;
        failures = 0;
        lastError = null;
        lastSuccess = Instant.now();
    }

    private void failed(RuntimeException e) {
        up = false;
        failures++;
        lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        failuresCounter.increment();
        if (failures == 1) {
            LOG.warn("reader {} of {} cannot reach the broker, retrying with backoff: {}", name, topic, lastError);
        } else if (failures % 20 == 0) {
            LOG.warn("reader {} of {} still cannot reach the broker after {} attempts: {}", name, topic, failures, lastError);
        } else {
            LOG.debug("reader {} of {} attempt {} failed: {}", name, topic, failures, lastError);
        }
    }

    private void recreate() {
        closeQuietly(consumer);
        consumer = newConsumer();
        restarts++;
        restartsCounter.increment();
        LOG.info("reader {} of {} recreated its consumer; it continues from offsets {}", name, topic, next);
    }

    private static void closeQuietly(KafkaConsumer<byte[], byte[]> c) {
        try {
            c.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.debug("closing a consumer: {}", e.getMessage());
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

    /** Empty while the topic does not exist yet; throws when the broker does not answer. */
    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, REQUEST_TIMEOUT);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    /**
     * A backoff that {@link #close()} ends at once. Not an interrupt: closing the consumer with the thread's interrupt flag
     * set made Kafka log an ERROR with a stack trace ("Failed to close fetcher") at every shutdown.
     */
    private void sleep(Duration d) {
        synchronized (stopSignal) {
            if (running) {
                try {
                    stopSignal.wait(Math.max(1, d.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (adminLock) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
                admin = null;
            }
        }
        if (!thread.isAlive()) {
            closeQuietly(consumer);
            return;
        }
        consumer.wakeup();
        synchronized (stopSignal) {
            stopSignal.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
