package dev.tagline.planner.service;

import dev.tagline.planner.planning.PlanOutcome;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.planner.policy.ReleasePolicy;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Plans one ref event under its repository's policy and release history, and publishes the plan
 * with the consumed offset in one transaction. Events that cannot be read, or whose repository has
 * no policy, are thrown to the shared dead-letter handler.
 */
@Singleton
public class PlanningService {
    private static final Logger LOG = LoggerFactory.getLogger(PlanningService.class);

    private final PolicyStore policies;
    private final HistoryStore histories;
    private final TransactionalPlanPublisher publisher;
    private final MeterRegistry meters;
    private final Timer planTimer;
    private final Clock clock = Clock.systemUTC();

    public PlanningService(PolicyStore policies, HistoryStore histories, TransactionalPlanPublisher publisher, MeterRegistry meters) {
        this.policies = policies;
        this.histories = histories;
        this.publisher = publisher;
        this.meters = meters;
        this.planTimer = Timer.builder("tagline.planner.plan.duration").description("time to plan one ref event").register(meters);
    }

    public void handle(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer) {
        RefEvent event = Topics.REF_EVENTS.decode(record.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("eventId", event.id())) {
            ReleasePolicy policy = policies.forRepository(event.repository())
                    .orElseThrow(() -> new NoPolicyException(event.repository(), policies.directory()));
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (histories.seen(event.repository(), event.id())) {
                // the same event delivered twice (e.g. a webhook and the poller): its plan is already out
                publisher.publish(null, tp, record.offset(), consumer.groupMetadata());
                LOG.info("duplicate ref event {} for {} {}: already planned", event.id(), event.repository(), event.ref());
                meters.counter("tagline.planner.events", "outcome", "duplicate").increment();
                return;
            }
            PlanOutcome outcome = planTimer.record(() -> TagPlanner.plan(event, policy, histories.get(event.repository()), clock));
            publisher.publish(outcome.plan(), tp, record.offset(), consumer.groupMetadata());
            histories.put(event.repository(), record.partition(), outcome.history());
            histories.markSeen(event.repository(), record.partition(), event.id());
            if (outcome.planned()) {
                try (MDC.MDCCloseable p = MDC.putCloseable("planId", outcome.plan().planId())) {
                    LOG.info("planned {} {} at {}: {} variant(s)", event.repository(), event.ref(), outcome.plan().commit(),
                            outcome.plan().variants().size());
                }
                meters.counter("tagline.planner.events", "outcome", "planned").increment();
            } else {
                LOG.info("nothing to build for {} {}: {}", event.repository(), event.ref(), outcome.skipReason());
                meters.counter("tagline.planner.events", "outcome", "skipped").increment();
            }
        }
    }

    /** On assignment: rebuild the histories of these partitions from the log, up to the group's committed offsets. */
    public void partitionsAssigned(Collection<TopicPartition> partitions, Consumer<?, ?> consumer) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> upTo = new HashMap<>();
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        for (TopicPartition tp : partitions) {
            var c = committed.get(tp);
            upTo.put(tp, c == null ? 0L : c.offset());
        }
        histories.rebuild(upTo);
    }

    public void partitionsRevoked(Collection<TopicPartition> partitions) {
        histories.forget(partitions);
    }
}
