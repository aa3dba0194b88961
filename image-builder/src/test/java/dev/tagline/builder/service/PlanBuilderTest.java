package dev.tagline.builder.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanBuilderTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static TagPlan planWith(String... variants) {
        VariantPlan[] v = java.util.Arrays.stream(variants).map(name -> variant(name, "127.0.0.1:5000/a/" + name, List.of("1"),
                List.of("linux/amd64"), recipe(null, List.of(layer("app", "app", "/app")), null, null), Map.of(), Map.of()))
                .toArray(VariantPlan[]::new);
        return plan("e-" + String.join("-", variants), "file:///r", "0123456789abcdef0123456789abcdef01234567", T, false, v);
    }

    @Test
    void variantsRunConcurrentlyUpToThePoolSizeAndResultsKeepPlanOrder() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);
        VariantBuild slow = (plan, variant) -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoStarted.countDown();
            twoStarted.await(10, TimeUnit.SECONDS);
            running.decrementAndGet();
            return ResultAssembler.failed(plan, variant.name(), "built " + variant.name(), BuildTimings.NONE, T, T);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<BuildResult> results = new PlanBuilder(slow, pool).build(planWith("base", "full", "slim", "debug"));
            assertEquals(List.of("base", "full", "slim", "debug"), results.stream().map(BuildResult::variant).toList());
            assertEquals(2, peak.get(), "two at a time, never more");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPlanReturnsOnlyWhenEveryVariantHasAResult() throws Exception {
        AtomicInteger done = new AtomicInteger();
        VariantBuild build = (plan, variant) -> {
            Thread.sleep(variant.name().equals("slow") ? 200 : 0);
            done.incrementAndGet();
            return ResultAssembler.failed(plan, variant.name(), "x", BuildTimings.NONE, T, T);
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<BuildResult> results = new PlanBuilder(build, pool).build(planWith("slow", "fast"));
            assertEquals(2, results.size());
            assertEquals(2, done.get());
            assertTrue(results.stream().allMatch(r -> r.resultId().equals(BuildResult.idFor(r.planId(), r.variant()))));
        } finally {
            pool.shutdownNow();
        }
    }
}
