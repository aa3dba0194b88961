package dev.tagline.builder.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Builds every variant of a plan on a shared, bounded pool (the per-instance concurrency limit,
 * shared by every plan in flight) and returns one result per variant, in plan order, only when
 * all are done.
 */
public final class PlanBuilder {
    /** What happens once every variant has its result (the floating tags move): the final results. */
    @FunctionalInterface
    public interface Finish {
        List<BuildResult> finish(TagPlan plan, List<BuildResult> results) throws InterruptedException;
    }

    private final VariantBuild variants;
    private final Finish finish;
    private final ExecutorService pool;

    public PlanBuilder(VariantBuild variants, ExecutorService pool) {
        this(variants, (plan, results) -> results, pool);
    }

    /** The CLI's: {@link VariantBuilder#build} per variant, then {@link VariantBuilder#finish}. */
    public PlanBuilder(VariantBuilder builder, ExecutorService pool) {
        this(builder, builder::finish, pool);
    }

    public PlanBuilder(VariantBuild variants, Finish finish, ExecutorService pool) {
        this.variants = variants;
        this.finish = finish;
        this.pool = pool;
    }

    public List<BuildResult> build(TagPlan plan) throws InterruptedException {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        List<Future<BuildResult>> futures = new ArrayList<>();
        for (VariantPlan variant : plan.variants()) {
            futures.add(pool.submit(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try (MDC.MDCCloseable ignored = MDC.putCloseable("variant", variant.name())) {
                    return variants.build(plan, variant);
                } finally {
                    MDC.clear();
                }
            }));
        }
        List<BuildResult> results = new ArrayList<>();
        try {
            for (Future<BuildResult> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a variant build of plan " + plan.planId() + " failed outside its result: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        return finish.finish(plan, results);
    }
}
