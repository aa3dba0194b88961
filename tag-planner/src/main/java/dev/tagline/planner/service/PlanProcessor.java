package dev.tagline.planner.service;

import dev.tagline.planner.planning.PlanOutcome;
import dev.tagline.planner.planning.ReleaseDecisions;
import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.policy.conventional.ReleaseOutcome;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.kafka.DeadLetters;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One stream task's planning: each ref event is planned under its repository's current policy and
 * the release history derived from the task's {@link ReleaseFacts}, the plan forwarded to
 * {@code image.tag-plans}, and the facts and {@link SeenEvents} updated, all in the task's
 * exactly-once transaction. What cannot be planned because of the record itself (unreadable bytes,
 * no policy for the repository, a value the planner rejects) is forwarded to
 * {@code git.ref-events.dlt} with the original bytes and the shared dead-letter headers. Any other
 * failure (a store or broker error) is thrown: Kafka Streams aborts the transaction, and the
 * record is processed again, never dead-lettered.
 */
final class PlanProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(PlanProcessor.class);
    private static final int CACHED_REPOSITORIES = 1_000;
    static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final PolicyLookup policies;
    private final PlannerMetrics metrics;
    private final Clock clock;
    private final String consumerGroup;
    private final Duration dedupeWindow;
    private final long liveLagMillis;
    private final TrafficMeter traffic;
    private final FetchedOffsets fetched;
    /** An event that asks for a commit was processed with more of its poll still buffered: the last of them asks. */
    private boolean commitWhenCaughtUp;
    private final ReplayProgress replays = new ReplayProgress();
    /** The replay summary's punctuator while there is something to report (null otherwise, so an idle task commits nothing). */
    private Cancellable replayReport;
    /** Histories derived from the facts, per repository and policy digest; only a cache, rebuilt from the store at any time. */
    private final Map<RepositoryId, CachedHistory> histories = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RepositoryId, CachedHistory> eldest) {
            return size() > CACHED_REPOSITORIES;
        }
    };

    private ProcessorContext<byte[], byte[]> context;
    private ReleaseFacts facts;
    private SeenEvents seen;

    /** {@code fetched}: how far the task's partition was fetched, so a burst's live events commit together. */
    PlanProcessor(PolicyLookup policies, PlannerMetrics metrics, Clock clock, ProcessingSettings settings, TrafficMeter traffic,
                  FetchedOffsets fetched) {
        this.traffic = traffic;
        this.fetched = fetched;
        this.policies = policies;
        this.metrics = metrics;
        this.clock = clock;
        this.consumerGroup = settings.consumerGroup();
        this.dedupeWindow = settings.dedupeWindow();
        this.liveLagMillis = settings.liveLag().toMillis();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        KeyValueStore<String, byte[]> factStore = context.getStateStore(ReleaseFacts.STORE);
        KeyValueStore<String, byte[]> seenStore = context.getStateStore(SeenEvents.STORE);
        this.facts = new ReleaseFacts(factStore);
        this.seen = new SeenEvents(seenStore);
        histories.clear();
        replayReport = null;
        context.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
            int purged = seen.purge(now, dedupeWindow);
            if (purged > 0) {
                LOG.info("forgot {} event ids older than {}", purged, dedupeWindow);
            }
        });
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        handle(record);
        long now = clock.millis();
        boolean light = traffic.processed(now);
        // A live event (written moments ago), or any event under light traffic (a burst the planner fell behind on
        // while the machine built its first tags), commits as soon as what was polled with it is processed, so its
        // plan does not wait for the commit interval: a burst's events fetched together commit together, not one
        // transaction each. A backlog (a replay) commits once per interval, so its transactions stay few and large.
        // Decided here and not in a wall-clock punctuator: any punctuation marks the task as needing a commit, and
        // one every live-lag made an idle planner commit an empty transaction every commit interval.
        if (commitWhenCaughtUp || now - record.timestamp() <= liveLagMillis || light) {
            commitWhenCaughtUp = moreFetched();
            if (!commitWhenCaughtUp) {
                context.commit();
            }
        }
    }

    /** Replayed events are summed up every {@link ReplayProgress#EVERY} while a replay lasts; the punctuator stops after it. */
    private void replayed(boolean planned) {
        if (planned) {
            replays.planned();
        } else {
            replays.skipped();
        }
        if (replayReport == null) {
            replayReport = context.schedule(ReplayProgress.EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
                if (!replays.report(LOG, context.taskId())) {
                    replayReport.cancel();
                    replayReport = null;
                }
            });
        }
    }

    /** Whether records after the one being processed were polled already (they are in the buffer: planned next). */
    private boolean moreFetched() {
        Optional<RecordMetadata> current = context.recordMetadata();
        if (current.isEmpty()) {
            return false;
        }
        RecordMetadata m = current.get();
        OptionalLong highest = fetched.highest(new TopicPartition(m.topic(), m.partition()));
        return highest.isPresent() && m.offset() < highest.getAsLong();
    }

    private void handle(Record<byte[], byte[]> record) {
        RefEvent event;
        try {
            event = Topics.REF_EVENTS.decode(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e);
            return;
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("eventId", event.id())) {
            plan(record, event);
        }
    }

    private void plan(Record<byte[], byte[]> record, RefEvent event) {
        Optional<ReleasePolicy> found = policies.forRepository(event.repository());
        if (found.isEmpty()) {
            facts.record(event, record.value()); // a fact all the same: a policy added later sees this tag
            histories.remove(event.repository());
            deadLetter(record, new NoPolicyException(event.repository(), policies.directory()));
            return;
        }
        ReleasePolicy policy = found.get();
        SeenEvents.Ids seenIds = seen.ids(event.repository(), event.ref());
        if (seenIds.contains(event.id())) {
            // the same event delivered twice (e.g. a webhook and the poller): its plan is already out
            LOG.info("duplicate ref event {} for {} {}: already planned", event.id(), event.repository(), event.ref());
            metrics.duplicate();
            return;
        }
        ReleaseHistory history = history(event.repository(), policy);
        PlanOutcome outcome;
        try {
            outcome = metrics.timePlan(() -> TagPlanner.plan(event, policy, history));
        } catch (RuntimeException e) {
            // the planner is pure: what it rejects, it rejects for this event under this policy
            deadLetter(record, e);
            return;
        }
        if (outcome.planned()) {
            TagPlan plan = outcome.plan();
            // the plan's record time is when it was planned (the event's own times are inside it)
            context.forward(new Record<>(Topics.TAG_PLANS.key(plan), Topics.TAG_PLANS.encode(plan), clock.millis()), PlannerTopology.PLANS_SINK);
            if (event.replay() != null) {
                replayed(true); // one line per replayed event would cost as much as planning it
                LOG.debug("planned replayed {} {} at {}: plan {}", event.repository(), event.ref(), plan.commit(), plan.planId());
            } else {
                try (MDC.MDCCloseable p = MDC.putCloseable("planId", plan.planId())) {
                    LOG.info("planned {} {} at {}: {} variant(s)", event.repository(), event.ref(), plan.commit(), plan.variants().size());
                }
            }
            metrics.planned();
        } else {
            if (event.replay() != null) {
                replayed(false);
                LOG.debug("nothing to build for replayed {} {}: {}", event.repository(), event.ref(), outcome.skipReason());
            } else {
                LOG.info("nothing to build for {} {}: {}", event.repository(), event.ref(), outcome.skipReason());
            }
            metrics.skipped();
        }
        release(event, policy);
        facts.record(event, record.value());
        histories.put(event.repository(), new CachedHistory(policy.digest(), outcome.history()));
        seen.add(seenIds, event.id(), clock.millis(), dedupeWindow);
    }

    /** A branch push of a repository that releases from commits: the release decision, in the same transaction as the plan. */
    private void release(RefEvent event, ReleasePolicy policy) {
        if (policy.autoRelease() == null || event.commits() == null) {
            return;
        }
        Map<String, CommitSha> known = new LinkedHashMap<>();
        for (ReleaseFacts.Fact fact : facts.tagEvents(event.repository())) {
            known.put(fact.event().ref().shortName(), fact.event().newCommit());
        }
        Optional<ReleaseDecisions.Result> result = ReleaseDecisions.decide(event, policy.autoRelease(), known, clock.instant());
        if (result.isEmpty()) {
            return;
        }
        if (result.get().decision().isPresent()) {
            ReleaseDecision d = result.get().decision().get();
            context.forward(new Record<>(Topics.RELEASE_DECISIONS.key(d), Topics.RELEASE_DECISIONS.encode(d), clock.millis()),
                    PlannerTopology.RELEASE_DECISIONS_SINK);
            try (MDC.MDCCloseable r = MDC.putCloseable("decisionId", d.decisionId())) {
                LOG.info("{} {} at {} on {} {} ({} after {})", d.dryRun() ? "would release" : "release", d.tagName(), d.commit().shortSha(7),
                        event.repository(), event.ref(), d.kind(), d.previousTag() == null ? "no release" : d.previousTag());
            }
            metrics.release(d.dryRun() ? "dry-run" : "decided");
        } else if (result.get().outcome() instanceof ReleaseOutcome.Rejected rejected) {
            LOG.warn("no release for {} {} at {}: {}", event.repository(), event.ref(), event.newCommit().shortSha(7), rejected.reason());
            metrics.release("rejected");
        } else if (result.get().outcome() instanceof ReleaseOutcome.None none) {
            LOG.info("no release for {} {} at {}: {}", event.repository(), event.ref(), event.newCommit().shortSha(7), none.reason());
            metrics.release("none");
        }
    }

    /** The repository's release history under {@code policy}: the tag facts folded in the order seen. */
    private ReleaseHistory history(RepositoryId repository, ReleasePolicy policy) {
        CachedHistory cached = histories.get(repository);
        if (cached != null && cached.policyDigest().equals(policy.digest())) {
            return cached.history();
        }
        ReleaseHistory history = ReleaseHistory.empty();
        for (ReleaseFacts.Fact fact : facts.tagEvents(repository)) {
            try {
                history = TagPlanner.fold(fact.event(), policy, history);
            } catch (RuntimeException e) {
                LOG.debug("tag {} is no release under the current policy: {}", fact.event().ref(), e.getMessage());
            }
        }
        histories.put(repository, new CachedHistory(policy.digest(), history));
        return history;
    }

    private void deadLetter(Record<byte[], byte[]> record, Exception error) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        context.forward(record.withHeaders(DeadLetters.headers(record.headers(), source.topic(), source.partition(), source.offset(),
                consumerGroup, error, clock.instant())), PlannerTopology.DEAD_LETTER_SINK);
        LOG.warn("dead-lettered {} record {}-{}@{}: {}", source.topic(), source.topic(), source.partition(), source.offset(),
                DeadLetters.message(error));
        metrics.deadLettered();
    }

    private record CachedHistory(String policyDigest, ReleaseHistory history) {
    }
}
