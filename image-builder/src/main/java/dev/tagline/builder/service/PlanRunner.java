package dev.tagline.builder.service;

import dev.tagline.builder.config.RetrySettings;
import dev.tagline.builder.failure.Backoff;
import dev.tagline.builder.failure.RetryCause;
import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes a plan to published results. Each round builds the variants that have no final result yet on
 * the shared build pool; a transient failure schedules the next round after a capped, jittered
 * backoff without holding a build thread, for as long as {@code tagline.builder.retry.max-duration}
 * (from the plan's first transient failure). Then the variants still failing become FAILED results
 * marked transient-exhausted. Permanent failures are FAILED results at once. A run completes when every
 * variant has its final result and the floating tags moved (on the tag pool: a built plan never waits for a build
 * slot); publishing them is the {@link PlanConsumer}'s (in one Kafka transaction
 * with the plan's offset), so nothing here writes to Kafka.
 */
public final class PlanRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PlanRunner.class);
    /** The start of the error of a variant whose transient failure outlived the retry budget. */
    public static final String EXHAUSTED_PREFIX = "transient failure outlived the retry budget";

    /** One attempt at a variant (the {@link VariantBuilder}, or a test's stand-in). */
    @FunctionalInterface
    public interface Attempts {
        VariantAttempt attempt(TagPlan plan, VariantPlan variant) throws InterruptedException;
    }

    /**
     * Once every variant of a plan has its final result, and the plan before it in its lane is complete:
     * moves the plan's floating tags if every variant succeeded, and returns the results with them.
     */
    @FunctionalInterface
    public interface TagMoves {
        List<BuildResult> move(TagPlan plan, List<BuildResult> results) throws BuildFailure;
    }

    /** What happens to results and retries, for metrics. */
    public interface Listener {
        void retrying(RetryCause cause);

        void exhausted(BuildResult result);
    }

    private final Attempts attempts;
    private final TagMoves tagMoves;
    private final Listener listener;
    private final RetrySettings settings;
    private final Backoff backoff;
    private final ExecutorService buildPool;
    private final ExecutorService tagPool;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Set<PlanRun> active = ConcurrentHashMap.newKeySet();

    public PlanRunner(Attempts attempts, Listener listener, RetrySettings settings, ExecutorService buildPool,
                      ScheduledExecutorService timer, Clock clock) {
        this(attempts, (plan, results) -> results, listener, settings, buildPool, buildPool, timer, clock);
    }

    /**
     * @param buildPool the bounded pool the variants build on
     * @param tagPool   where a plan's floating tags are moved: not the build pool, so a plan whose variants are done does
     *                  not wait for a build slot (behind the builds of later plans) to move a few tags and complete
     */
    public PlanRunner(Attempts attempts, TagMoves tagMoves, Listener listener, RetrySettings settings, ExecutorService buildPool,
                      ExecutorService tagPool, ScheduledExecutorService timer, Clock clock) {
        this.attempts = attempts;
        this.tagMoves = tagMoves;
        this.listener = listener;
        this.settings = settings;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.buildPool = buildPool;
        this.tagPool = tagPool;
        this.timer = timer;
        this.clock = clock;
    }

    /** Starts a plan; watch {@link PlanRun#completion()}. */
    public PlanRun start(TagPlan plan, String where) {
        return start(plan, where, CompletableFuture.completedFuture(null));
    }

    /**
     * Starts a plan that builds at once but completes only after {@code after} (the completion of the plan
     * before it in its lane): its floating tags move after the earlier plan's, so an earlier plan finishing
     * late never takes {@code latest} back. If {@code after} is cancelled, so is this plan.
     */
    public PlanRun start(TagPlan plan, String where, CompletableFuture<?> after) {
        PlanRun run = new PlanRun(plan, where, clock.instant(), after);
        active.add(run);
        run.completion().whenComplete((v, e) -> active.remove(run));
        round(run);
        return run;
    }

    /** Plans started and not yet built (every variant final) or cancelled. */
    public Collection<PlanRun> active() {
        return List.copyOf(active);
    }

    /** Plans in a transient failure: waiting for their next retry, or running it. */
    public long retryingCount() {
        return active.stream().filter(PlanRun::retrying).count();
    }

    /**
     * Stops a plan where it is (a revoked partition, shutdown): running builds are interrupted, its
     * completion is cancelled, so nothing is published for it and its offset is never committed by this instance.
     */
    public void cancel(PlanRun run) {
        run.cancelled = true;
        Future<?> s = run.scheduled;
        if (s != null) {
            s.cancel(false);
        }
        synchronized (run.running) {
            run.running.forEach(f -> f.cancel(true));
        }
        run.waiting = false;
        run.completion().cancel(false);
        active.remove(run);
    }

    private void round(PlanRun run) {
        if (run.cancelled) {
            return;
        }
        run.waiting = false;
        List<VariantPlan> pending = run.pendingVariants();
        AtomicInteger left = new AtomicInteger(pending.size());
        Map<String, String> mdc = Map.of("planId", run.plan().planId());
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (VariantPlan variant : pending) {
                futures.add(buildPool.submit(() -> {
                    MDC.setContextMap(mdc);
                    try (MDC.MDCCloseable ignored = MDC.putCloseable("variant", variant.name())) {
                        run.recordAttempt(variant.name(), attemptSafely(run, variant));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        MDC.clear();
                    }
                    if (left.decrementAndGet() == 0) {
                        afterRound(run);
                    }
                }));
            }
        } catch (RejectedExecutionException e) {
            LOG.info("plan {}: the builder is shutting down; left unacknowledged", run.plan().planId());
            cancel(run);
            return;
        }
        synchronized (run.running) {
            run.running.clear();
            run.running.addAll(futures);
        }
    }

    private VariantAttempt attemptSafely(PlanRun run, VariantPlan variant) throws InterruptedException {
        try {
            return attempts.attempt(run.plan(), variant);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // a bug in a step (or a class missing from the jar) must not stall the partition: an error escaping this task
            // would end it without a result, and the plan would wait for it forever. The classifier decides, as for any failure.
            if (e instanceof Error) {
                LOG.error("variant {} of plan {}: {}", variant.name(), run.plan().planId(), e, e);
            }
            BuildFailure f = new BuildFailure(BuildFailure.Stage.BUILD, "unexpected failure: " + e, false, e);
            if (f.transientFailure()) {
                return VariantAttempt.retry(f);
            }
            Instant now = clock.instant();
            return VariantAttempt.done(ResultAssembler.failed(run.plan(), variant.name(), f.getMessage(), BuildTimings.NONE, now, now));
        }
    }

    private void afterRound(PlanRun run) {
        if (run.cancelled) {
            return;
        }
        List<Map.Entry<String, BuildFailure>> transients = new ArrayList<>();
        run.takeRound().forEach((variant, attempt) -> {
            if (attempt.result() != null) {
                run.recordFinal(attempt.result());
            } else {
                transients.add(Map.entry(variant, attempt.transientFailure()));
            }
        });
        if (transients.isEmpty()) {
            run.lastCause = null;
            moveTags(run);
            return;
        }
        Instant now = clock.instant();
        PlanRun.Retry retry = run.transientFailure(transients.get(0).getValue(), now, settings.maxDuration(), backoff);
        if (retry == null) {
            for (Map.Entry<String, BuildFailure> t : transients) {
                BuildFailure f = t.getValue();
                String message = exhausted(run, f) + "not a bad build, replay the event to build it again. Last error: " + f.getMessage();
                BuildResult failed = ResultAssembler.failed(run.plan(), t.getKey(), message, BuildTimings.NONE, run.received(), now);
                LOG.error("variant {} of plan {} ({}): {}", t.getKey(), run.plan().planId(), run.where(), message);
                listener.exhausted(failed);
                run.recordFinal(failed);
            }
            moveTags(run);
            return;
        }
        for (Map.Entry<String, BuildFailure> t : transients) {
            listener.retrying(t.getValue().retryCause());
            LOG.warn("plan {} ({}) variant {}: transient failure [{}], retry {} in {} ms (retrying for {} more): {}",
                    run.plan().planId(), run.where(), t.getKey(), t.getValue().retryCause().label(), run.retries, retry.delay().toMillis(),
                    retry.left(), t.getValue().getMessage());
        }
        schedule(run, retry.delay(), () -> round(run));
    }

    /** Every variant is final: once the earlier plan of the lane is complete, move the floating tags, then complete. */
    private void moveTags(PlanRun run) {
        if (run.cancelled) {
            return;
        }
        run.after().whenComplete((v, e) -> {
            if (e != null) {
                LOG.info("plan {} ({}): the plan before it was abandoned; abandoned too", run.plan().planId(), run.where());
                cancel(run);
            } else {
                tagRound(run);
            }
        });
    }

    private void tagRound(PlanRun run) {
        if (run.cancelled) {
            return;
        }
        run.waiting = false;
        try {
            Future<?> f = tagPool.submit(() -> {
                MDC.put("planId", run.plan().planId());
                try {
                    moveTagsOnce(run);
                } finally {
                    MDC.clear();
                }
            });
            synchronized (run.running) {
                run.running.clear();
                run.running.add(f);
            }
        } catch (RejectedExecutionException e) {
            cancel(run);
        }
    }

    private void moveTagsOnce(PlanRun run) {
        List<BuildResult> results = run.resultsInPlanOrder();
        BuildFailure failure;
        try {
            tagMoves.move(run.plan(), results).forEach(run::recordFinal);
            run.lastCause = null;
            finish(run);
            return;
        } catch (BuildFailure f) {
            failure = f;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            if (e instanceof Error) {
                LOG.error("plan {}: moving the floating tags: {}", run.plan().planId(), e, e);
            }
            failure = new BuildFailure(BuildFailure.Stage.PUSH, "unexpected failure moving the floating tags: " + e, false, e);
        }
        if (run.cancelled || Thread.currentThread().isInterrupted()) {
            return;
        }
        Instant now = clock.instant();
        if (failure.transientFailure()) {
            PlanRun.Retry retry = run.transientFailure(failure, now, settings.maxDuration(), backoff);
            if (retry != null) {
                listener.retrying(failure.retryCause());
                LOG.warn("plan {} ({}): moving the floating tags failed [{}], retry {} in {} ms: {}", run.plan().planId(), run.where(),
                        failure.retryCause().label(), run.retries, retry.delay().toMillis(), failure.getMessage());
                schedule(run, retry.delay(), () -> tagRound(run));
                return;
            }
        }
        String message = (failure.transientFailure() ? exhausted(run, failure) : "")
                + "every variant was pushed, but moving the plan's floating tags failed: " + failure.getMessage();
        LOG.error("plan {} ({}): {}", run.plan().planId(), run.where(), message);
        for (BuildResult r : results) {
            BuildResult failed = ResultAssembler.failed(run.plan(), r.variant(), message, r.timings(), r.startedAt(), now);
            if (failure.transientFailure()) {
                listener.exhausted(failed);
            }
            run.recordFinal(failed);
        }
        finish(run);
    }

    /** The head of a failure's message once the retry budget is spent: the budget, the retries made and the cause. */
    private String exhausted(PlanRun run, BuildFailure failure) {
        return EXHAUSTED_PREFIX + " (" + settings.maxDuration() + ", " + run.retries + " retries; cause " + failure.retryCause().label() + "): ";
    }

    private void schedule(PlanRun run, Duration wait, Runnable next) {
        run.nextAttemptAt = clock.instant().plus(wait);
        run.waiting = true;
        try {
            run.scheduled = timer.schedule(next, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            cancel(run);
        }
    }

    private void finish(PlanRun run) {
        if (run.cancelled) {
            return;
        }
        run.waiting = false;
        run.completion().complete(null);
    }
}
