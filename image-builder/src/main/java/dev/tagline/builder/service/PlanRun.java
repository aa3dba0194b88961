package dev.tagline.builder.service;

import dev.tagline.builder.failure.Backoff;
import dev.tagline.builder.failure.RetryCause;
import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One plan on its way to its results: the final result of each variant so far, the retry state while a
 * transient failure lasts, and {@link #completion()}, done once every variant has its final result
 * (then the results and the plan's offset are committed in one Kafka transaction by {@link PlanConsumer}).
 */
public final class PlanRun {
    private final TagPlan plan;
    private final String where;
    private final Instant received;
    private final Map<String, BuildResult> results = new ConcurrentHashMap<>();
    private final Map<String, VariantAttempt> round = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    final List<Future<?>> running = new ArrayList<>();
    volatile Future<?> scheduled;
    volatile boolean cancelled;
    volatile boolean waiting;
    volatile int retries;
    volatile Instant firstTransientAt;
    volatile Instant nextAttemptAt;
    volatile RetryCause lastCause;
    volatile String lastError;

    private final CompletableFuture<?> after;

    PlanRun(TagPlan plan, String where, Instant received, CompletableFuture<?> after) {
        this.after = after;
        this.plan = plan;
        this.where = where;
        this.received = received;
    }

    public TagPlan plan() {
        return plan;
    }

    /** {@code image.tag-plans-3@42}: where the plan came from, for logs. */
    public String where() {
        return where;
    }

    public Instant received() {
        return received;
    }

    /** The completion of the plan before this one in its lane: this plan completes only after it. */
    CompletableFuture<?> after() {
        return after;
    }

    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Waiting for its next retry (no build thread held). */
    public boolean waiting() {
        return waiting;
    }

    /**
     * In a transient failure: the last round had one and no round since went without (true also while
     * the next attempt runs, so health does not flicker between retries).
     */
    public boolean retrying() {
        return lastCause != null && !completion.isDone();
    }

    public int retries() {
        return retries;
    }

    public RetryCause lastCause() {
        return lastCause;
    }

    public String lastError() {
        return lastError;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    /** The next attempt after a transient failure: in {@code delay}, with {@code left} of the retry budget from now. */
    record Retry(Duration delay, Duration left) {
    }

    /**
     * Notes a transient failure at {@code now} (its cause and message, and the time of the first one) and returns the
     * next attempt: after the backoff for one more retry, never past the budget; null once {@code budget} has passed
     * since the first transient failure (the retries are then left counted as they were).
     */
    Retry transientFailure(BuildFailure failure, Instant now, Duration budget, Backoff backoff) {
        if (firstTransientAt == null) {
            firstTransientAt = now;
        }
        lastCause = failure.retryCause();
        lastError = failure.getMessage();
        Duration left = budget.minus(Duration.between(firstTransientAt, now));
        if (left.isNegative() || left.isZero()) {
            return null;
        }
        retries++;
        Duration wait = backoff.delay(retries, ThreadLocalRandom.current().nextDouble());
        return new Retry(wait.compareTo(left) > 0 ? left : wait, left);
    }

    List<VariantPlan> pendingVariants() {
        return plan.variants().stream().filter(v -> !results.containsKey(v.name())).toList();
    }

    void recordFinal(BuildResult result) {
        results.put(result.variant(), result);
    }

    void recordAttempt(String variant, VariantAttempt attempt) {
        round.put(variant, attempt);
    }

    /** This round's attempts, cleared for the next round. */
    Map<String, VariantAttempt> takeRound() {
        Map<String, VariantAttempt> out = new LinkedHashMap<>(round);
        round.clear();
        return out;
    }

    /** Results in plan order (every variant has one once the retries are over). */
    List<BuildResult> resultsInPlanOrder() {
        return plan.variants().stream().map(v -> results.get(v.name())).toList();
    }
}
