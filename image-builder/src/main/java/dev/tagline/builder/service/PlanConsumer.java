package dev.tagline.builder.service;

import dev.tagline.builder.config.InstanceSettings;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.kafka.DeadLetters;
import dev.tagline.schema.topic.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Reads {@code image.tag-plans} on its own thread and keeps polling whatever the builds do, so group
 * membership never depends on build time. Each assigned partition is a lane: up to
 * {@code tagline.builder.plans-per-partition} plans build at once, but each completes (floating tags
 * moved) only after the plan before it ({@link PlanRunner#start(TagPlan, String, CompletableFuture)}), and
 * output is committed only as a prefix of the lane, so a later plan of the same repository never overtakes
 * an earlier one where it matters: tags and offsets. A full lane pauses its partition; other partitions go on.
 *
 * <p>Exactly once: when a plan is built, its results and its offset are written in one Kafka transaction
 * ({@link ResultTransactions}, begun only then, on this thread); an unreadable record's dead letter and
 * its offset likewise. A transaction that fails is aborted and written again from the results kept in
 * memory; one whose outcome is unknown (the producer failed during the commit) is settled by a new
 * producer, then checked against the group's committed offsets. A process killed before the commit
 * leaves nothing visible: the plan is read again and rebuilt (the registry already holds the image, so
 * that only re-checks it) and published once.
 *
 * <p>Static membership ({@code group.instance.id} = {@code tagline.builder.instance-id}), a
 * {@code transactional.id} derived from it, and the cooperative-sticky assignor: a restarted instance
 * fences its dead predecessor and gets its partitions back without a rebalance.
 */
@Context
@Requires(property = "tagline.builder.consumer.enabled", notEquals = "false")
public class PlanConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(PlanConsumer.class);
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_FIRST = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(5);

    /**
     * One partition's plans: those in flight (up to {@code tagline.builder.plans-per-partition}, in offset
     * order), the finished output awaiting the commit (only ever a prefix of what was read: an offset is
     * committed once every earlier plan of the partition is done), and the records read after them.
     */
    private static final class Lane {
        final ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
        final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        Done done;

        /** The completion of the last plan started in this lane: the next plan completes after it. */
        CompletableFuture<?> lastCompletion() {
            for (var it = inFlight.descendingIterator(); it.hasNext(); ) {
                InFlight f = it.next();
                if (f.run() != null) {
                    return f.run().completion();
                }
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    /** A record of a lane being handled: a plan building ({@code run}) or an unreadable record's dead letter. */
    private record InFlight(long offset, PlanRun run, Done deadLetter) {
    }

    /** What a lane has ready for a transaction: the records to write and the offset past the input they answer. */
    private record Done(String what, List<BuildResult> results, List<ProducerRecord<byte[], byte[]>> records, long nextOffset) {
        /** This and a later output, in one transaction. */
        Done then(Done later) {
            List<BuildResult> r = new ArrayList<>(results);
            r.addAll(later.results);
            List<ProducerRecord<byte[], byte[]>> rec = new ArrayList<>(records);
            rec.addAll(later.records);
            return new Done(what + ", " + later.what, r, rec, later.nextOffset);
        }
    }

    private final Map<String, Object> properties;
    private final InstanceSettings settings;
    private final PlanRunner runner;
    private final BuilderMetrics metrics;
    private final ResultTransactions transactions;
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Instant lastLoopAt = Instant.now();
    private volatile Instant lastPollOkAt;
    private volatile String lastPollError;
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile Set<TopicPartition> paused = Set.of();
    private volatile int awaitingCommit;
    private volatile String lastTransactionError;
    private KafkaConsumer<byte[], byte[]> consumer;
    /** Guards {@link #inPoll}: a finished plan wakes the consumer only while it waits in {@code poll()}. */
    private final Object pollGate = new Object();
    private boolean inPoll;
    /** The last transaction's outcome is unknown: check the committed offsets before writing again. */
    private boolean unsettled;
    private int failedTransactions;
    private Instant nextTransactionAt = Instant.MIN;

    public PlanConsumer(Environment env, InstanceSettings settings, BuildService service, BuilderMetrics metrics) {
        this.properties = KafkaProperties.consumer(env, settings.instanceId());
        this.settings = settings;
        this.runner = service.runner();
        this.metrics = metrics;
        Map<String, Object> producerProperties = KafkaProperties.producer(env, settings.instanceId());
        this.transactions = new ResultTransactions(() -> new KafkaProducer<>(producerProperties),
                KafkaProperties.transactionalId(settings.instanceId()),
                env.getProperty("tagline.builder.fault.hold-before-commit", Duration.class).orElse(Duration.ZERO));
        this.thread = new Thread(this::loop, "plan-consumer");
    }

    @PostConstruct
    void start() {
        LOG.info("consuming {} as group {} instance {} (session {} ms, max poll interval {} ms), transactional id {}",
                Topics.TAG_PLANS_NAME, KafkaProperties.GROUP, settings.instanceId(), properties.get("session.timeout.ms"),
                properties.get("max.poll.interval.ms"), KafkaProperties.transactionalId(settings.instanceId()));
        thread.start();
    }

    /**
     * SIGTERM: no new plan starts; plans waiting on a retry are abandoned at once; running builds get
     * {@code tagline.builder.shutdown-grace} to finish and be committed; what is left is abandoned
     * uncommitted (the next owner rebuilds it, idempotently). No transaction is left half done.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        thread.join(settings.shutdownGrace().plusSeconds(15).toMillis());
        if (thread.isAlive()) {
            LOG.warn("the plan consumer did not stop in time");
            thread.interrupt();
        }
    }

    /**
     * What {@code /health} shows of the consumer, read in one call.
     *
     * @param running              whether its thread runs
     * @param lastLoopAt           when its loop last turned
     * @param lastPollOkAt         when a poll last returned without an error (null: never)
     * @param lastPollError        the last poll's error (null: it had none)
     * @param awaitingCommit       built plans (and dead letters) whose transaction is not committed yet
     * @param lastTransactionError why the last transaction was not committed (null: it was)
     */
    public record Health(String instanceId, boolean running, Instant lastLoopAt, Instant lastPollOkAt, String lastPollError,
                         Set<TopicPartition> assigned, Set<TopicPartition> paused, int awaitingCommit, String lastTransactionError) {
    }

    public Health health() {
        return new Health(settings.instanceId(), thread.isAlive(), lastLoopAt, lastPollOkAt, lastPollError, assigned, paused,
                awaitingCommit, lastTransactionError);
    }

    private void loop() {
        consumer = new KafkaConsumer<>(properties);
        Instant graceEnd = null;
        try {
            // first settle what a dead predecessor of this instance left open: until then the group's
            // offsets of its partitions are not stable and reading them would wait anyway
            while (!stopping && !transactions.ready()) {
                lastLoopAt = Instant.now();
                sleep(Duration.ofSeconds(1));
            }
            consumer.subscribe(List.of(Topics.TAG_PLANS_NAME), new Rebalance());
            while (true) {
                lastLoopAt = Instant.now();
                if (stopping && graceEnd == null) {
                    graceEnd = Instant.now().plus(settings.shutdownGrace());
                    abandonWaiting();
                }
                if (graceEnd != null && (noneInFlight() || Instant.now().isAfter(graceEnd))) {
                    break;
                }
                pollOnce();
                advanceLanes();
                commitDone(false);
                applyPauses();
            }
        } catch (RuntimeException e) {
            LOG.error("the plan consumer stopped: {}", e.toString(), e);
        } finally {
            shutdown();
        }
    }

    private void pollOnce() {
        try {
            ConsumerRecords<byte[], byte[]> records;
            synchronized (pollGate) {
                inPoll = true;
            }
            try {
                records = consumer.poll(settings.pollTimeout());
            } finally {
                synchronized (pollGate) {
                    inPoll = false;
                }
            }
            lastPollOkAt = Instant.now();
            lastPollError = null;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Lane lane = lanes.get(new TopicPartition(r.topic(), r.partition()));
                if (lane != null) {
                    lane.queue.add(r);
                }
            }
        } catch (WakeupException e) {
            // a plan finished: its output is committed now, not when the poll would have timed out
        } catch (FencedInstanceIdException e) {
            // another live process uses our group.instance.id: two instances must never share one
            throw new IllegalStateException("group.instance.id " + settings.instanceId() + " is in use by another instance; "
                    + "give each instance its own tagline.builder.instance-id", e);
        } catch (KafkaException e) {
            lastPollError = e.toString();
            LOG.warn("polling {} failed, polling again: {}", Topics.TAG_PLANS_NAME, e.toString());
            sleep(Duration.ofSeconds(1));
        }
    }

    /**
     * Finished plans at the head of each lane become output awaiting the commit; lanes start the plans they
     * have read, up to {@code tagline.builder.plans-per-partition} at once (an unreadable one is dead-lettered).
     */
    private void advanceLanes() {
        for (Map.Entry<TopicPartition, Lane> e : lanes.entrySet()) {
            TopicPartition tp = e.getKey();
            Lane lane = e.getValue();
            takeBuilt(tp, lane);
            while (lane.inFlight.size() < settings.plansPerPartition() && !lane.queue.isEmpty() && !stopping) {
                ConsumerRecord<byte[], byte[]> record = lane.queue.poll();
                TagPlan plan;
                try {
                    plan = Topics.TAG_PLANS.decode(record.value());
                } catch (RuntimeException invalid) {
                    lane.inFlight.add(new InFlight(record.offset(), null, deadLetter(record, invalid)));
                    continue;
                }
                LOG.info("plan {} of {} from {}@{}: building", plan.planId(), plan.repository().value(), tp, record.offset());
                PlanRun run = runner.start(plan, tp + "@" + record.offset(), lane.lastCompletion());
                run.completion().whenComplete((ignored, failure) -> wakeFromPoll());
                lane.inFlight.add(new InFlight(record.offset(), run, null));
            }
            takeBuilt(tp, lane);
        }
    }

    /**
     * The lane's finished plans (and dead letters) from its head, in offset order, join the output awaiting
     * the transaction; a plan still building stops it, so no offset is committed past an unfinished plan.
     */
    private void takeBuilt(TopicPartition tp, Lane lane) {
        while (!lane.inFlight.isEmpty()) {
            InFlight head = lane.inFlight.peek();
            Done out;
            if (head.deadLetter() != null) {
                out = head.deadLetter();
            } else {
                PlanRun run = head.run();
                if (!run.completion().isDone()) {
                    return;
                }
                if (run.completion().isCancelled() || run.completion().isCompletedExceptionally()) {
                    // cancelled without a revocation (should not happen): read the plans again from its offset
                    abandon(lane);
                    lane.queue.clear();
                    consumer.seek(tp, head.offset());
                    return;
                }
                List<BuildResult> results = run.resultsInPlanOrder();
                List<ProducerRecord<byte[], byte[]>> records = results.stream()
                        .map(r -> new ProducerRecord<>(Topics.BUILD_RESULTS_NAME, Topics.BUILD_RESULTS.key(r), Topics.BUILD_RESULTS.encode(r)))
                        .toList();
                out = new Done("plan " + run.plan().planId() + " (" + run.where() + ")", results, records, head.offset() + 1);
            }
            lane.inFlight.poll();
            lane.done = lane.done == null ? out : lane.done.then(out);
        }
    }

    /**
     * Called from a build thread when a plan completes: a consumer waiting in {@code poll()} (up to
     * {@code poll-timeout}) returns at once, so the plan's results are written without that wait.
     */
    private void wakeFromPoll() {
        synchronized (pollGate) {
            if (inPoll) {
                consumer.wakeup();
            }
        }
    }

    /** Cancels every plan in flight in the lane (they are read again by whoever owns the partition next). */
    private void abandon(Lane lane) {
        for (InFlight f : lane.inFlight) {
            if (f.run() != null) {
                runner.cancel(f.run());
            }
        }
        lane.inFlight.clear();
    }

    private static Done deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException error) {
        Headers headers = DeadLetters.headers(record.headers(), record.topic(), record.partition(), record.offset(),
                KafkaProperties.GROUP, error, Instant.now());
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(DeadLetters.topicFor(record.topic()), null,
                record.timestamp() > 0 ? record.timestamp() : null, record.key(), record.value(), headers);
        return new Done("dead letter of " + record.topic() + "-" + record.partition() + "@" + record.offset() + " ("
                + DeadLetters.message(error) + ")", List.of(), List.of(out), record.offset() + 1);
    }

    /**
     * One transaction for every lane with output waiting: its records and the offsets past them. Not
     * before the backoff after a failed one (unless {@code now}).
     */
    private void commitDone(boolean now) {
        Map<TopicPartition, Lane> ready = new HashMap<>();
        lanes.forEach((tp, lane) -> {
            if (lane.done != null) {
                ready.put(tp, lane);
            }
        });
        if (ready.isEmpty() || (!now && Instant.now().isBefore(nextTransactionAt))) {
            return;
        }
        ResultTransactions.Outcome outcome = commit(ready);
        if (outcome == ResultTransactions.Outcome.COMMITTED) {
            failedTransactions = 0;
            lastTransactionError = null;
            return;
        }
        failedTransactions++;
        lastTransactionError = outcome + " at " + Instant.now() + " (" + failedTransactions + " in a row)";
        long backoff = Math.min(RETRY_MAX.toMillis(), RETRY_FIRST.toMillis() << Math.min(failedTransactions - 1, 10));
        nextTransactionAt = Instant.now().plusMillis(backoff);
        LOG.warn("transaction of {} {}: writing it again in {} ms", ready.values().stream().map(l -> l.done.what()).toList(),
                outcome == ResultTransactions.Outcome.ABORTED ? "aborted" : "of unknown outcome", backoff);
    }

    private ResultTransactions.Outcome commit(Map<TopicPartition, Lane> ready) {
        if (!transactions.ready()) {
            return ResultTransactions.Outcome.ABORTED;
        }
        if (unsettled && !settle(ready)) {
            return ResultTransactions.Outcome.UNKNOWN;
        }
        if (ready.isEmpty()) {
            return ResultTransactions.Outcome.COMMITTED;
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        ready.forEach((tp, lane) -> {
            records.addAll(lane.done.records());
            offsets.put(tp, new OffsetAndMetadata(lane.done.nextOffset()));
        });
        ResultTransactions.Outcome outcome = transactions.commit(records, offsets, consumer.groupMetadata());
        metrics.transaction(outcome.name().toLowerCase(java.util.Locale.ROOT));
        if (outcome == ResultTransactions.Outcome.COMMITTED) {
            ready.forEach(this::committed);
        } else if (outcome == ResultTransactions.Outcome.UNKNOWN) {
            unsettled = true;
        }
        return outcome;
    }

    /**
     * After a transaction of unknown outcome, once a new producer settled it: the lanes whose offset the
     * group has committed were in it and it committed (they are done); the others write again.
     */
    private boolean settle(Map<TopicPartition, Lane> ready) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = committedOffsets(ready.keySet());
        } catch (KafkaException e) {
            LOG.warn("cannot read the committed offsets of {} yet: {}", ready.keySet(), e.toString());
            return false;
        }
        unsettled = false;
        for (TopicPartition tp : List.copyOf(ready.keySet())) {
            OffsetAndMetadata c = committed.get(tp);
            Lane lane = ready.get(tp);
            if (c != null && c.offset() >= lane.done.nextOffset()) {
                LOG.info("the transaction of {} had committed", lane.done.what());
                committed(tp, lane);
                ready.remove(tp);
            }
        }
        return true;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(Set<TopicPartition> partitions) {
        try {
            return consumer.committed(partitions, COMMITTED_TIMEOUT);
        } catch (WakeupException e) {
            // a plan finished just as the last poll returned: that wake-up is spent here, ask again
            return consumer.committed(partitions, COMMITTED_TIMEOUT);
        }
    }

    private void committed(TopicPartition tp, Lane lane) {
        Done done = lane.done;
        lane.done = null;
        if (done.results().isEmpty()) {
            LOG.warn("committed the {}", done.what());
        }
        for (BuildResult result : done.results()) {
            metrics.record(result);
            LOG.info("variant {} of plan {}: {} {}{}", result.variant(), result.planId(), result.status(),
                    result.digest() == null ? "" : result.digest().value(), result.error() == null ? "" : " - " + result.error());
        }
    }

    private void applyPauses() {
        Set<TopicPartition> busy = new HashSet<>();
        awaitingCommit = (int) lanes.values().stream().filter(l -> l.done != null).count();
        lanes.forEach((tp, lane) -> {
            // a full lane (or records it cannot start yet) stops fetching; output awaiting a commit does not
            if (lane.inFlight.size() >= settings.plansPerPartition() || !lane.queue.isEmpty()) {
                busy.add(tp);
            }
        });
        Set<TopicPartition> now = consumer.paused();
        Set<TopicPartition> resume = new HashSet<>(now);
        resume.removeAll(busy);
        Set<TopicPartition> pause = new HashSet<>(busy);
        pause.removeAll(now);
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
        paused = Set.copyOf(busy);
    }

    private boolean noneInFlight() {
        return lanes.values().stream().allMatch(l -> l.inFlight.isEmpty() && l.done == null);
    }

    private void abandonWaiting() {
        lanes.values().forEach(lane -> {
            // from the first plan waiting to retry on, nothing of the lane can be committed within the grace
            boolean abandoning = false;
            for (var it = lane.inFlight.iterator(); it.hasNext(); ) {
                InFlight f = it.next();
                abandoning |= f.run() != null && f.run().waiting();
                if (abandoning) {
                    if (f.run() != null) {
                        LOG.info("shutting down: plan {} ({}) left uncommitted", f.run().plan().planId(), f.run().where());
                        runner.cancel(f.run());
                    }
                    it.remove();
                }
            }
            lane.queue.clear();
        });
    }

    /** Commits what is built, abandons the rest uncommitted, closes the producer (no transaction open) and the consumer. */
    private void shutdown() {
        try {
            if (consumer == null) {
                return;
            }
            lanes.forEach(this::takeBuilt);
            commitDone(true);
            lanes.values().forEach(lane -> {
                for (InFlight f : lane.inFlight) {
                    if (f.run() != null) {
                        LOG.info("shutting down: plan {} ({}) not finished; left uncommitted", f.run().plan().planId(), f.run().where());
                    }
                }
                abandon(lane);
                if (lane.done != null) {
                    LOG.info("shutting down: {} not committed; read again by the next owner", lane.done.what());
                    lane.done = null;
                }
            });
            transactions.close();
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("closing the plan consumer: {}", e.toString());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs inside {@code poll()}, on the consumer thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> lanes.putIfAbsent(tp, new Lane()));
            assigned = Set.copyOf(lanes.keySet());
            if (!partitions.isEmpty()) {
                LOG.info("assigned {}", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions, false);
        }

        /**
         * Commits what is built (if the partitions are still ours: revoked, not lost) in one transaction and
         * abandons the rest uncommitted: the new owner reads it again.
         */
        private void release(Collection<TopicPartition> partitions, boolean commit) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Lane> ready = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Lane lane = lanes.get(tp);
                if (lane != null) {
                    takeBuilt(tp, lane);
                    if (lane.done != null) {
                        ready.put(tp, lane);
                    }
                }
            }
            if (commit && !ready.isEmpty()) {
                ResultTransactions.Outcome outcome = commit(ready);
                if (outcome != ResultTransactions.Outcome.COMMITTED) {
                    LOG.warn("transaction of revoked {} {}: their new owner reads them again", ready.keySet(), outcome);
                }
            }
            for (TopicPartition tp : partitions) {
                Lane lane = lanes.remove(tp);
                if (lane != null && !lane.inFlight.isEmpty()) {
                    LOG.info("partition {} {}: {} plan(s) abandoned uncommitted (its next owner builds them again)", tp,
                            commit ? "revoked" : "lost", lane.inFlight.size());
                    abandon(lane);
                }
                if (lane != null && lane.done != null) {
                    LOG.info("partition {} {}: {} not committed (its next owner reads it again)", tp, commit ? "revoked" : "lost",
                            lane.done.what());
                }
            }
            assigned = Set.copyOf(lanes.keySet());
            LOG.info("{} {}", commit ? "revoked" : "lost", partitions);
        }
    }
}
