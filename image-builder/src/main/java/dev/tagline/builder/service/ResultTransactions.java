package dev.tagline.builder.service;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The builder's one transactional producer: records (build results, dead letters) and the consumer
 * offsets past the plans they answer are written in one Kafka transaction, visible together or not
 * at all. Its {@code transactional.id} is stable per instance ({@link KafkaProperties#transactionalId}),
 * so the {@code initTransactions()} of a restarted instance aborts what the dead process left open and
 * fences it; the consumer's group metadata sent with the offsets fences a member whose partitions moved
 * to another instance (KIP-447). Used only on the plan consumer's thread.
 */
final class ResultTransactions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultTransactions.class);

    /** What became of one transaction. */
    enum Outcome {
        /** Records and offsets are committed. */
        COMMITTED,
        /** Nothing of it is or will become visible: write it again. */
        ABORTED,
        /**
         * The commit was under way when the producer failed: it may or may not have committed. The next
         * producer's {@code initTransactions()} settles it; then the group's committed offsets tell.
         */
        UNKNOWN
    }

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final String transactionalId;
    private final Duration holdBeforeCommit;
    private Producer<byte[], byte[]> producer;

    ResultTransactions(Supplier<Producer<byte[], byte[]>> factory, String transactionalId) {
        this(factory, transactionalId, Duration.ZERO);
    }

    /**
     * @param holdBeforeCommit fault injection for tests ({@code tagline.builder.fault.hold-before-commit}): the
     *                         records are flushed to the broker, then the commit waits this long, so a test
     *                         can kill the process between publishing and committing. Zero in service.
     */
    ResultTransactions(Supplier<Producer<byte[], byte[]>> factory, String transactionalId, Duration holdBeforeCommit) {
        this.factory = factory;
        this.transactionalId = transactionalId;
        this.holdBeforeCommit = holdBeforeCommit;
    }

    /**
     * Creates and initializes the producer if there is none ({@code initTransactions()}, bounded by
     * {@code max.block.ms}): false, logged, when the broker refused or did not answer in time.
     */
    boolean ready() {
        if (producer != null) {
            return true;
        }
        Producer<byte[], byte[]> p = factory.get();
        try {
            p.initTransactions();
            producer = p;
            LOG.info("transactional producer {} ready (earlier transactions of this id are settled)", transactionalId);
            return true;
        } catch (KafkaException e) {
            LOG.warn("cannot initialize transactional producer {} yet: {}", transactionalId, e.toString());
            closeQuietly(p);
            return false;
        }
    }

    /** Writes the records and the offsets in one transaction; the producer must be {@link #ready()}. */
    Outcome commit(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
                   ConsumerGroupMetadata group) {
        if (!ready()) {
            return Outcome.ABORTED;
        }
        boolean committing = false;
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.sendOffsetsToTransaction(offsets, group);
            holdIfAsked(records.size());
            committing = true;
            // flushes the sends first and throws if one of them failed
            producer.commitTransaction();
            return Outcome.COMMITTED;
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            // the producer cannot go on: a newer producer of this id (or the coordinator, on timeout) fenced it
            LOG.warn("transaction of {} failed for good ({}); a new producer settles it", transactionalId, e.toString());
            discard();
            return committing ? Outcome.UNKNOWN : Outcome.ABORTED;
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("transaction of {} failed ({}), aborting it", transactionalId, e.toString());
            return abort();
        }
    }

    private void holdIfAsked(int records) {
        if (holdBeforeCommit.isZero()) {
            return;
        }
        producer.flush();
        LOG.warn("fault injection: {} records of {} written, holding the transaction {} ms before its commit", records,
                transactionalId, holdBeforeCommit.toMillis());
        try {
            Thread.sleep(holdBeforeCommit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Outcome abort() {
        try {
            producer.abortTransaction();
            return Outcome.ABORTED;
        } catch (KafkaException | IllegalStateException e) {
            // e.g. a commit that timed out cannot be aborted: its fate is settled by the next producer
            LOG.warn("cannot abort the transaction of {} ({}); a new producer settles it", transactionalId, e.toString());
            discard();
            return Outcome.UNKNOWN;
        }
    }

    private void discard() {
        Producer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            closeQuietly(p);
        }
    }

    /** No transaction is ever left open between calls; closing does not commit anything. */
    @Override
    public void close() {
        discard();
    }

    private void closeQuietly(Producer<byte[], byte[]> p) {
        try {
            p.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("closing producer {}: {}", transactionalId, e.toString());
        }
    }
}
