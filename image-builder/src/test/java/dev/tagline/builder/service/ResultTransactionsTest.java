package dev.tagline.builder.service;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Results and offsets in one transaction, and what each kind of failure leaves: against Kafka's MockProducer. */
class ResultTransactionsTest {
    private static final TopicPartition PLANS_0 = new TopicPartition("image.tag-plans", 0);
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("image-builder");
    private static final List<ProducerRecord<byte[], byte[]>> RESULTS = List.of(result("base"), result("slim"));
    private static final Map<TopicPartition, OffsetAndMetadata> PAST_PLAN = Map.of(PLANS_0, new OffsetAndMetadata(8));

    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();

    private static ProducerRecord<byte[], byte[]> result(String variant) {
        return new ProducerRecord<>("image.build-results", "repo".getBytes(StandardCharsets.UTF_8),
                variant.getBytes(StandardCharsets.UTF_8));
    }

    /** Each producer the transactions ask for is a fresh mock, prepared by {@code setUp} (by creation order). */
    private ResultTransactions transactions(List<Consumer<MockProducer<byte[], byte[]>>> setUp) {
        return new ResultTransactions(() -> {
            MockProducer<byte[], byte[]> p = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            if (producers.size() < setUp.size()) {
                setUp.get(producers.size()).accept(p);
            }
            producers.add(p);
            return p;
        }, "tagline-image-builder-test");
    }

    @Test
    void resultsAndTheOffsetPastThePlanAreCommittedInOneTransaction() {
        ResultTransactions tx = transactions(List.of());

        assertEquals(ResultTransactions.Outcome.COMMITTED, tx.commit(RESULTS, PAST_PLAN, GROUP));

        MockProducer<byte[], byte[]> p = producers.get(0);
        assertTrue(p.transactionInitialized());
        assertEquals(1, p.commitCount());
        assertEquals(2, p.history().size());
        assertEquals(List.of(Map.of("image-builder", PAST_PLAN)), p.consumerGroupOffsetsHistory());
    }

    @Test
    void aFailedSendAbortsTheTransactionAndTheSameProducerWritesItAgain() {
        ResultTransactions tx = transactions(List.of(p -> p.commitTransactionException = new KafkaException("a send failed")));

        assertEquals(ResultTransactions.Outcome.ABORTED, tx.commit(RESULTS, PAST_PLAN, GROUP));
        MockProducer<byte[], byte[]> p = producers.get(0);
        assertTrue(p.transactionAborted());
        assertEquals(0, p.commitCount());
        assertEquals(List.of(), p.consumerGroupOffsetsHistory(), "no offset committed");

        p.commitTransactionException = null;
        assertEquals(ResultTransactions.Outcome.COMMITTED, tx.commit(RESULTS, PAST_PLAN, GROUP));
        assertEquals(1, producers.size());
        assertEquals(1, p.commitCount());
    }

    @Test
    void aFencedProducerIsReplacedAndItsTransactionNeverCommits() {
        ResultTransactions tx = transactions(List.of(p -> p.beginTransactionException =
                new ProducerFencedException("a newer producer of this transactional id exists")));

        assertEquals(ResultTransactions.Outcome.ABORTED, tx.commit(RESULTS, PAST_PLAN, GROUP),
                "fenced before the commit: nothing of it can become visible");
        assertTrue(producers.get(0).closed());
        assertEquals(0, producers.get(0).commitCount());

        assertEquals(ResultTransactions.Outcome.COMMITTED, tx.commit(RESULTS, PAST_PLAN, GROUP));
        assertEquals(2, producers.size(), "a new producer (initTransactions settles the old one's transaction)");
        assertEquals(1, producers.get(1).commitCount());
    }

    @Test
    void aCommitThatTimedOutAndCannotBeAbortedIsOfUnknownOutcome() {
        ResultTransactions tx = transactions(List.of(p -> {
            p.commitTransactionException = new TimeoutException("commit timed out");
            p.abortTransactionException = new KafkaException("cannot abort while committing");
        }));

        assertEquals(ResultTransactions.Outcome.UNKNOWN, tx.commit(RESULTS, PAST_PLAN, GROUP));
        assertTrue(producers.get(0).closed(), "the producer is replaced: the next one's initTransactions settles the commit");

        assertTrue(tx.ready());
        assertEquals(2, producers.size());
    }

    @Test
    void aProducerThatCannotInitializeIsNotReadyAndIsCreatedAgainLater() {
        ResultTransactions tx = transactions(List.of(p -> p.initTransactionException = new TimeoutException("broker away")));

        assertFalse(tx.ready());
        assertTrue(producers.get(0).closed());
        assertEquals(ResultTransactions.Outcome.COMMITTED, tx.commit(RESULTS, PAST_PLAN, GROUP));
        assertEquals(2, producers.size());
    }

    @Test
    void closingLeavesNoTransactionOpen() {
        ResultTransactions tx = transactions(List.of());
        tx.commit(RESULTS, PAST_PLAN, GROUP);

        tx.close();

        assertTrue(producers.get(0).closed());
        assertFalse(producers.get(0).transactionInFlight());
    }
}
