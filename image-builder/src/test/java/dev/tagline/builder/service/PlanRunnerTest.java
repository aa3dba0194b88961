package dev.tagline.builder.service;

import dev.tagline.builder.config.RetrySettings;
import dev.tagline.builder.failure.RetryCause;
import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry rounds and the budget: with stand-in builds, real threads (publishing is {@link ResultTransactionsTest}'s). */
class PlanRunnerTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Digest DIGEST = Digest.parse("sha256:" + "b".repeat(64));

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService tagPool = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<BuildResult> published = new CopyOnWriteArrayList<>();
    private final List<RetryCause> retries = new CopyOnWriteArrayList<>();
    private final AtomicInteger exhausted = new AtomicInteger();

    private final PlanRunner.Listener listener = new PlanRunner.Listener() {
        @Override
        public void retrying(RetryCause cause) {
            retries.add(cause);
        }

        @Override
        public void exhausted(BuildResult result) {
            exhausted.incrementAndGet();
        }
    };

    @AfterEach
    void stop() {
        pool.shutdownNow();
        tagPool.shutdownNow();
        timer.shutdownNow();
    }

    private static TagPlan planWith(String... variants) {
        VariantPlan[] v = java.util.Arrays.stream(variants).map(name -> variant(name, "127.0.0.1:5000/a/" + name, List.of("1"),
                List.of("linux/amd64"), recipe(null, List.of(layer("app", "app", "/app")), null, null), Map.of(), Map.of()))
                .toArray(VariantPlan[]::new);
        return plan("e-" + String.join("-", variants) + System.nanoTime(), "file:///r", "0123456789abcdef0123456789abcdef01234567", T,
                false, v);
    }

    private PlanRunner runner(PlanRunner.Attempts attempts, Duration budget) {
        return new PlanRunner(attempts, listener, new RetrySettings(budget, Duration.ofMillis(1), Duration.ofMillis(5)),
                pool, timer, Clock.systemUTC());
    }

    /** A runner with a 10 s retry budget that moves the floating tags through {@code tagMoves}. */
    private PlanRunner runner(PlanRunner.Attempts attempts, PlanRunner.TagMoves tagMoves) {
        return new PlanRunner(attempts, tagMoves, listener,
                new RetrySettings(Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMillis(5)), pool, tagPool, timer, Clock.systemUTC());
    }

    /** Tag moves that keep the name of each moved plan's first variant in {@code moves}. */
    private static PlanRunner.TagMoves recordedIn(List<String> moves) {
        return (plan, results) -> {
            moves.add(plan.variants().get(0).name());
            return results;
        };
    }

    /** Runs the plan to its completion and keeps its results as {@link #published} (what the consumer would publish). */
    private PlanRun complete(PlanRunner runner, TagPlan plan, String where) throws Exception {
        PlanRun run = runner.start(plan, where);
        run.completion().get(10, TimeUnit.SECONDS);
        published.addAll(run.resultsInPlanOrder());
        return run;
    }

    private static VariantAttempt ok(TagPlan plan, VariantPlan v) {
        return VariantAttempt.done(ResultAssembler.succeeded(plan, v.name(), DIGEST, "application/vnd.oci.image.manifest.v1+json",
                List.of(), Map.of(), 0, 0, BuildTimings.NONE, T, T));
    }

    private static VariantAttempt unreachable() {
        return VariantAttempt.retry(new BuildFailure(BuildFailure.Stage.PUSH, "cannot reach 127.0.0.1:5000", true, null));
    }

    @Test
    void aTransientFailureIsRetriedUntilItPassesAndOnlyTheFailingVariantIsBuiltAgain() throws Exception {
        AtomicInteger slimTries = new AtomicInteger();
        AtomicInteger baseTries = new AtomicInteger();
        PlanRunner runner = runner((plan, v) -> {
            if (v.name().equals("base")) {
                baseTries.incrementAndGet();
                return ok(plan, v);
            }
            return slimTries.incrementAndGet() < 4 ? unreachable() : ok(plan, v);
        }, Duration.ofHours(1));
        TagPlan plan = planWith("base", "slim");

        complete(runner, plan, "t-0@0");

        assertEquals(List.of("base", "slim"), published.stream().map(BuildResult::variant).toList(), "one result each, in plan order");
        assertTrue(published.stream().allMatch(r -> r.status() == BuildStatus.SUCCEEDED));
        assertEquals(1, baseTries.get(), "a variant with a final result is not built again");
        assertEquals(4, slimTries.get());
        assertEquals(List.of(RetryCause.REGISTRY_UNREACHABLE, RetryCause.REGISTRY_UNREACHABLE, RetryCause.REGISTRY_UNREACHABLE), retries);
        assertEquals(0, runner.active().size());
    }

    @Test
    void whenTheBudgetRunsOutTheResultSaysItWasTransientNotABadBuild() throws Exception {
        PlanRunner runner = runner((plan, v) -> unreachable(), Duration.ZERO);

        complete(runner, planWith("base"), "t-0@1");

        assertEquals(1, published.size());
        BuildResult r = published.get(0);
        assertEquals(BuildStatus.FAILED, r.status());
        assertTrue(r.error().startsWith(PlanRunner.EXHAUSTED_PREFIX), r.error());
        assertTrue(r.error().contains("registry_unreachable") && r.error().contains("not a bad build"), r.error());
        assertEquals(1, exhausted.get());
    }

    @Test
    void aPermanentFailureIsFailedAtOnce() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        PlanRunner runner = runner((plan, v) -> {
            tries.incrementAndGet();
            return VariantAttempt.done(ResultAssembler.failed(plan, v.name(), "build command exited with status 1", BuildTimings.NONE, T, T));
        }, Duration.ofHours(1));

        complete(runner, planWith("base"), "t-0@2");

        assertEquals(1, tries.get());
        assertEquals(BuildStatus.FAILED, published.get(0).status());
        assertEquals(List.of(), retries);
    }

    @Test
    void aClassMissingFromTheJarFailsTheVariantInsteadOfStallingThePlan() throws Exception {
        PlanRunner runner = runner((plan, v) -> {
            if (v.name().equals("slim")) {
                throw new NoClassDefFoundError("com/networknt/schema/resource/SchemaMapper");
            }
            return ok(plan, v);
        }, Duration.ofHours(1));

        complete(runner, planWith("base", "slim"), "t-0@9");

        assertEquals(List.of(BuildStatus.SUCCEEDED, BuildStatus.FAILED), published.stream().map(BuildResult::status).toList(),
                "the plan completes: an Error escaping a variant's task used to leave it waiting forever");
        assertTrue(published.get(1).error().contains("NoClassDefFoundError"), published.get(1).error());
        assertEquals(0, runner.active().size());
    }

    @Test
    void aCancelledPlanNeverCompletesWithResults() throws Exception {
        PlanRunner runner = runner((plan, v) -> unreachable(), Duration.ofHours(1));
        PlanRun run = runner.start(planWith("base"), "t-0@4");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (retries.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(retries.isEmpty(), "retrying");

        runner.cancel(run);

        assertTrue(run.completion().isCancelled());
        Thread.sleep(50);
        assertFalse(run.completion().isDone() && !run.completion().isCancelled(), "never completes with results");
        assertEquals(0, runner.active().size());
    }

    @Test
    void plansOfOneLaneBuildAtOnceButMoveTheirTagsAndCompleteInPlanOrder() throws Exception {
        java.util.concurrent.CountDownLatch bothBuilding = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
        TagPlan first = planWith("first");
        TagPlan second = planWith("second");
        List<String> moves = new CopyOnWriteArrayList<>();
        PlanRunner runner = runner((plan, v) -> {
            bothBuilding.countDown();
            if (plan == first) {
                // the earlier plan finishes its build last
                assertTrue(releaseFirst.await(10, TimeUnit.SECONDS));
            }
            return ok(plan, v);
        }, recordedIn(moves));

        PlanRun one = runner.start(first, "t-0@1");
        PlanRun two = runner.start(second, "t-0@2", one.completion());
        assertTrue(bothBuilding.await(10, TimeUnit.SECONDS), "both plans build at the same time");
        // the later plan is built, but may not move its tags before the earlier one
        Thread.sleep(100);
        assertFalse(two.completion().isDone());
        assertEquals(List.of(), moves);
        releaseFirst.countDown();
        two.completion().get(10, TimeUnit.SECONDS);
        assertTrue(one.completion().isDone());
        assertEquals(List.of("first", "second"), moves);
    }

    @Test
    void aBuiltPlanMovesItsTagsAndCompletesWhileLaterPlansHoldEveryBuildSlot() throws Exception {
        java.util.concurrent.CountDownLatch laterBuilding = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch releaseLater = new java.util.concurrent.CountDownLatch(1);
        List<String> moves = new CopyOnWriteArrayList<>();
        TagPlan second = planWith("second");
        TagPlan third = planWith("third-a", "third-b");
        java.util.concurrent.CountDownLatch thirdStarted = new java.util.concurrent.CountDownLatch(1);
        PlanRunner runner = runner((plan, v) -> {
            if (plan == second) {
                // finishes once the later plan holds the other slot and has its second variant queued for this one
                assertTrue(thirdStarted.await(10, TimeUnit.SECONDS));
                return ok(plan, v);
            }
            thirdStarted.countDown();
            laterBuilding.countDown();
            assertTrue(releaseLater.await(10, TimeUnit.SECONDS));
            return ok(plan, v);
        }, recordedIn(moves));
        PlanRun two = runner.start(second, "t-0@2");
        PlanRun three = runner.start(third, "t-0@3", two.completion());
        try {
            // the pool has two threads: the later plan's two variants hold both
            assertTrue(laterBuilding.await(10, TimeUnit.SECONDS), "the later plan's variants hold both build slots");
            // the earlier plan's tags move on their own pool: it completes without waiting for a build slot
            two.completion().get(10, TimeUnit.SECONDS);
            assertEquals(List.of("second"), moves);
            assertFalse(three.completion().isDone());
        } finally {
            releaseLater.countDown();
        }
        three.completion().get(10, TimeUnit.SECONDS);
        assertEquals(List.of("second", "third-a"), moves);
    }

    @Test
    void aPlanWhoseEarlierPlanIsAbandonedIsAbandonedToo() throws Exception {
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        TagPlan first = planWith("first");
        List<String> moves = new CopyOnWriteArrayList<>();
        PlanRunner runner = runner((plan, v) -> {
            if (plan == first) {
                hold.await(10, TimeUnit.SECONDS);
            }
            return ok(plan, v);
        }, recordedIn(moves));
        PlanRun one = runner.start(first, "t-0@1");
        PlanRun two = runner.start(planWith("second"), "t-0@2", one.completion());
        runner.cancel(one);
        assertTrue(waitUntil(() -> two.completion().isCancelled()), "the later plan is abandoned with the earlier one");
        assertEquals(List.of(), moves, "no tags moved for either");
    }

    @Test
    void aTransientFailureMovingTheFloatingTagsIsRetriedAndAPermanentOneFailsEveryVariant() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        PlanRunner transientOnce = runner(PlanRunnerTest::ok, (plan, results) -> {
            if (tries.incrementAndGet() == 1) {
                throw new BuildFailure(BuildFailure.Stage.PUSH, "cannot reach 127.0.0.1:5000", true, null);
            }
            return results;
        });
        PlanRun run = transientOnce.start(planWith("base", "full"), "t-0@1");
        run.completion().get(10, TimeUnit.SECONDS);
        assertEquals(2, tries.get());
        assertTrue(run.resultsInPlanOrder().stream().allMatch(r -> r.status() == BuildStatus.SUCCEEDED));

        PlanRunner permanent = runner(PlanRunnerTest::ok, (plan, results) -> {
            throw new BuildFailure(BuildFailure.Stage.PUSH, "the registry refused access (HTTP 403)", false, null);
        });
        PlanRun failed = permanent.start(planWith("base", "full"), "t-0@2");
        failed.completion().get(10, TimeUnit.SECONDS);
        for (BuildResult r : failed.resultsInPlanOrder()) {
            assertEquals(BuildStatus.FAILED, r.status());
            assertTrue(r.error().contains("floating tags") && r.error().contains("403"), r.error());
        }
    }

    private static boolean waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }
}
