package dev.tagline.builder.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Wall time of each step of one variant attempt, in the order the steps started (steps that run at once
 * overlap: their times add up to more than the attempt). Logged as one line per variant and handed to a
 * listener (the service's {@code tagline_builder_step_duration_seconds{step}}). Thread-safe: concurrent
 * steps record from their own threads.
 */
final class StepTimes {
    /** One step's name and wall time. */
    record Step(String name, long millis) {
    }

    private final List<Step> steps = new ArrayList<>();

    /** A step that failed is not recorded: its time is in the attempt's total. */
    <T, E extends Exception> T time(String name, StepCall<T, E> call) throws E, InterruptedException {
        long t0 = System.nanoTime();
        T value = call.call();
        record(name, (System.nanoTime() - t0) / 1_000_000);
        return value;
    }

    synchronized void record(String name, long millis) {
        steps.add(new Step(name, Math.max(0, millis)));
    }

    /** Adds the steps another stopwatch recorded (work done ahead, on another thread, now used). */
    void addAll(StepTimes other) {
        for (Step s : other.steps()) {
            record(s.name(), s.millis());
        }
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** {@code resolve-base 2, current-tags 6, ...} (ms). */
    synchronized String line() {
        StringBuilder b = new StringBuilder();
        for (Step s : steps) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(s.name()).append(' ').append(s.millis());
        }
        return b.toString();
    }

    void report(BiConsumer<String, Long> listener) {
        for (Step s : steps()) {
            listener.accept(s.name(), s.millis());
        }
    }

    /** A step's body. */
    @FunctionalInterface
    interface StepCall<T, E extends Exception> {
        T call() throws E, InterruptedException;
    }
}
