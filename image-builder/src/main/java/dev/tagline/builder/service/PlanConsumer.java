package dev.tagline.builder.service;

import dev.tagline.builder.config.InstanceSettings;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.kafka.DeadLetterPublisher;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code image.tag-plans} on its own thread and keeps polling whatever the builds do, so group
 * membership never depends on build time. Each assigned partition is a lane: one plan at a time, in
 * offset order; while a lane has a plan in flight (building, or waiting to retry a transient failure)
 * the partition is paused, so a later plan of the same repository cannot overtake it, and other
 * partitions go on. A plan's offset is committed, by this thread, only after all its results are
 * acknowledged by Kafka; unreadable records are dead-lettered, then committed.
 *
 * <p>Static membership ({@code group.instance.id} = {@code tagline.builder.instance-id}) and the
 * cooperative-sticky assignor: a restarted instance gets its partitions back without a rebalance.
 */
@Context
@Requires(property = "tagline.builder.consumer.enabled", notEquals = "false")
public class PlanConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(PlanConsumer.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    /** One partition's plans: the one in flight and those read after it. */
    private static final class Lane {
        final ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
        PlanRun run;
        long runOffset;
    }

    private final Map<String, Object> properties;
    private final InstanceSettings settings;
    private final PlanRunner runner;
    private final DeadLetterPublisher deadLetters;
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Instant lastLoopAt = Instant.now();
    private volatile Instant lastPollOkAt;
    private volatile String lastPollError;
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile Set<TopicPartition> paused = Set.of();
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;

    public PlanConsumer(Environment env, InstanceSettings settings, BuildService service, DeadLetterPublisher deadLetters) {
        this.properties = KafkaProperties.consumer(env, settings.instanceId());
        this.settings = settings;
        this.runner = service.runner();
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::loop, "plan-consumer");
    }

    @PostConstruct
    void start() {
        LOG.info("consuming {} as group {} instance {} (session {} ms, max poll interval {} ms)", Topics.TAG_PLANS_NAME,
                KafkaProperties.GROUP, settings.instanceId(), properties.get("session.timeout.ms"), properties.get("max.poll.interval.ms"));
        thread.start();
    }

    /**
     * SIGTERM: no new plan starts; plans waiting on a retry are abandoned at once; running builds get
     * {@code tagline.builder.shutdown-grace} to finish and be committed; what is left is abandoned
     * uncommitted (the next owner rebuilds it, idempotently).
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

    public String instanceId() {
        return settings.instanceId();
    }

    public Instant lastLoopAt() {
        return lastLoopAt;
    }

    public boolean running() {
        return thread.isAlive();
    }

    /** When a poll last returned without an error (null: never). */
    public Instant lastPollOkAt() {
        return lastPollOkAt;
    }

    public String lastPollError() {
        return lastPollError;
    }

    public Set<TopicPartition> assigned() {
        return assigned;
    }

    public Set<TopicPartition> paused() {
        return paused;
    }

    private void loop() {
        consumer = new KafkaConsumer<>(properties);
        Instant graceEnd = null;
        try {
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
                commit();
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
            ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
            lastPollOkAt = Instant.now();
            lastPollError = null;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Lane lane = lanes.get(new TopicPartition(r.topic(), r.partition()));
                if (lane != null) {
                    lane.queue.add(r);
                }
            }
        } catch (WakeupException e) {
            // stopping
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

    /** Finished plans become commits; idle lanes start their next plan (or dead-letter an unreadable one). */
    private void advanceLanes() {
        for (Map.Entry<TopicPartition, Lane> e : lanes.entrySet()) {
            TopicPartition tp = e.getKey();
            Lane lane = e.getValue();
            if (lane.run != null && lane.run.completion().isDone()) {
                if (!lane.run.completion().isCancelled() && !lane.run.completion().isCompletedExceptionally()) {
                    toCommit.put(tp, new OffsetAndMetadata(lane.runOffset + 1));
                    lane.run = null;
                } else {
                    // cancelled without a revocation (should not happen): read the plan again from its offset
                    lane.queue.clear();
                    lane.run = null;
                    consumer.seek(tp, lane.runOffset);
                }
            }
            while (lane.run == null && !lane.queue.isEmpty() && !stopping) {
                ConsumerRecord<byte[], byte[]> record = lane.queue.peek();
                TagPlan plan;
                try {
                    plan = Topics.TAG_PLANS.decode(record.value());
                } catch (RuntimeException invalid) {
                    try {
                        deadLetters.publish(record, KafkaProperties.GROUP, invalid);
                    } catch (RuntimeException dltFailed) {
                        LOG.warn("cannot dead-letter {}@{} yet, trying again: {}", tp, record.offset(), dltFailed.getMessage());
                        break;
                    }
                    lane.queue.poll();
                    toCommit.put(tp, new OffsetAndMetadata(record.offset() + 1));
                    continue;
                }
                lane.queue.poll();
                lane.runOffset = record.offset();
                LOG.info("plan {} of {} from {}@{}: building", plan.planId(), plan.repository().value(), tp, record.offset());
                lane.run = runner.start(plan, tp + "@" + record.offset());
            }
        }
    }

    private void commit() {
        if (toCommit.isEmpty()) {
            return;
        }
        toCommit.keySet().retainAll(lanes.keySet());
        try {
            consumer.commitSync(Map.copyOf(toCommit), COMMIT_TIMEOUT);
            toCommit.forEach((tp, om) -> committed.put(tp, om.offset()));
            toCommit.clear();
        } catch (WakeupException e) {
            // stopping; committed on the way out
        } catch (KafkaException e) {
            LOG.warn("committing {} failed, trying again: {}", toCommit, e.toString());
        }
    }

    private void applyPauses() {
        Set<TopicPartition> busy = new HashSet<>();
        lanes.forEach((tp, lane) -> {
            if (lane.run != null || !lane.queue.isEmpty()) {
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
        return lanes.values().stream().allMatch(l -> l.run == null);
    }

    private void abandonWaiting() {
        lanes.values().forEach(lane -> {
            if (lane.run != null && lane.run.waiting()) {
                LOG.info("shutting down: plan {} ({}) was waiting to retry; left uncommitted", lane.run.plan().planId(), lane.run.where());
                runner.cancel(lane.run);
                lane.run = null;
            }
            lane.queue.clear();
        });
    }

    private void shutdown() {
        try {
            if (consumer == null) {
                return;
            }
            advanceLanes();
            lanes.values().forEach(lane -> {
                if (lane.run != null) {
                    LOG.info("shutting down: plan {} ({}) not finished; left uncommitted", lane.run.plan().planId(), lane.run.where());
                    runner.cancel(lane.run);
                    lane.run = null;
                }
            });
            commit();
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

        /** Commits what is finished (if still ours) and abandons the rest: the new owner reads it again. */
        private void release(Collection<TopicPartition> partitions, boolean commit) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Lane lane = lanes.remove(tp);
                OffsetAndMetadata pending = toCommit.remove(tp);
                if (pending != null) {
                    finished.put(tp, pending);
                }
                if (lane != null && lane.run != null) {
                    if (lane.run.completion().isDone() && !lane.run.completion().isCancelled()
                            && !lane.run.completion().isCompletedExceptionally()) {
                        finished.put(tp, new OffsetAndMetadata(lane.runOffset + 1));
                    } else {
                        LOG.info("partition {} revoked: plan {} abandoned uncommitted (its next owner builds it again)", tp,
                                lane.run.plan().planId());
                        runner.cancel(lane.run);
                    }
                }
            }
            if (commit && !finished.isEmpty()) {
                try {
                    consumer.commitSync(finished, COMMIT_TIMEOUT);
                } catch (KafkaException e) {
                    LOG.warn("committing revoked {} failed (redelivered, idempotent): {}", finished, e.toString());
                }
            }
            assigned = Set.copyOf(lanes.keySet());
            LOG.info("{} {}", commit ? "revoked" : "lost", partitions);
        }
    }
}
