package dev.tagline.planner.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.function.Supplier;

/** tag-planner's own meters: {@code tagline_planner_events_total{outcome}} and {@code tagline_planner_plan_duration_seconds}. */
public final class PlannerMetrics {
    private final Counter planned;
    private final Counter skipped;
    private final Counter duplicate;
    private final Counter deadLettered;
    private final Timer planTimer;
    private final MeterRegistry meters;

    public PlannerMetrics(MeterRegistry meters) {
        this.planned = events(meters, "planned");
        this.skipped = events(meters, "skipped");
        this.duplicate = events(meters, "duplicate");
        this.deadLettered = events(meters, "dead-lettered");
        this.meters = meters;
        this.planTimer = Timer.builder("tagline.planner.plan.duration").description("time to plan one ref event").register(meters);
    }

    private static Counter events(MeterRegistry meters, String outcome) {
        return Counter.builder("tagline.planner.events").description("ref events by outcome").tag("outcome", outcome).register(meters);
    }

    void planned() {
        planned.increment();
    }

    void skipped() {
        skipped.increment();
    }

    void duplicate() {
        duplicate.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    /** {@code tagline_planner_releases_total{outcome}}: decided, dry-run, none, rejected. */
    void release(String outcome) {
        if (meters != null) {
            meters.counter("tagline.planner.releases", "outcome", outcome).increment();
        }
    }

    <T> T timePlan(Supplier<T> planning) {
        return planTimer.record(planning);
    }
}
