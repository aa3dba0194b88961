package dev.tagline.builder.steps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs steps that do not depend on each other at once (registry round trips, mostly: each waits on the network, not
 * the CPU) and returns only when every one has ended: the first task runs on the caller's thread, the others on
 * {@code executor}. The first failure interrupts the other tasks; once all have ended, that first failure is thrown
 * (not the interruptions it caused). Nothing keeps running after a return or a throw, so a task never outlives a
 * lock its caller holds.
 */
public final class Parallel {
    private Parallel() {
    }

    /** One independent piece of work. */
    @FunctionalInterface
    public interface Task<T> {
        T call() throws BuildFailure, InterruptedException;
    }

    /** Every task's value, in task order. */
    public static <T> List<T> all(ExecutorService executor, List<? extends Task<T>> tasks) throws BuildFailure, InterruptedException {
        if (tasks.isEmpty()) {
            return List.of();
        }
        if (tasks.size() == 1) {
            return Collections.singletonList(tasks.get(0).call());
        }
        Group<T> group = new Group<>();
        for (int i = 0; i < tasks.size(); i++) {
            group.runs.add(new Run<>(tasks.get(i), group, i > 0));
        }
        for (int i = 1; i < group.runs.size(); i++) {
            try {
                executor.execute(group.runs.get(i));
            } catch (RejectedExecutionException e) {
                group.runs.get(i).run(); // the pool is shutting down: run it here
            }
        }
        group.runs.get(0).run();
        boolean interrupted = false;
        for (Run<T> r : group.runs) {
            while (true) {
                try {
                    r.done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // cancelled from outside: stop the others, but still wait for them to end
                    group.interruptAll();
                }
            }
        }
        if (interrupted) {
            throw new InterruptedException("cancelled");
        }
        Throwable failure = group.first.get();
        if (failure != null) {
            rethrow(failure);
        }
        List<T> out = new ArrayList<>();
        for (Run<T> r : group.runs) {
            out.add(r.value);
        }
        return out;
    }

    /**
     * {@link #all} for a step whose pool is optional ({@code executor} null: the tasks one after another, here), a
     * cancellation failing the step at {@code stage}.
     */
    static <T> List<T> each(ExecutorService executor, BuildFailure.Stage stage, List<? extends Task<T>> tasks) throws BuildFailure {
        try {
            if (executor == null) {
                List<T> out = new ArrayList<>();
                for (Task<T> t : tasks) {
                    out.add(t.call());
                }
                return out;
            }
            return all(executor, tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure(stage, "interrupted", false, e);
        }
    }

    /** {@link #all} for tasks without a value. */
    @SafeVarargs
    public static void run(ExecutorService executor, Task<Void>... tasks) throws BuildFailure, InterruptedException {
        all(executor, List.of(tasks));
    }

    /**
     * Starts {@code task} on {@code executor} (here, if the pool is shutting down); its caller then either awaits it or
     * cancels it, and it has ended when either returns: it never outlives its caller.
     */
    public static <T> Started<T> start(ExecutorService executor, Task<T> task) {
        Group<T> group = new Group<>();
        Run<T> run = new Run<>(task, group, true);
        group.runs.add(run);
        try {
            executor.execute(run);
        } catch (RejectedExecutionException e) {
            run.run();
        }
        return new Started<>(group, run);
    }

    /** A task begun ahead of its need ({@link #start}). */
    public static final class Started<T> {
        private final Group<T> group;
        private final Run<T> run;

        private Started(Group<T> group, Run<T> run) {
            this.group = group;
            this.run = run;
        }

        /** Its value, or its failure; if the caller is interrupted meanwhile, the task is cancelled (and awaited) first. */
        public T await() throws BuildFailure, InterruptedException {
            try {
                run.done.await();
            } catch (InterruptedException e) {
                cancel();
                throw e;
            }
            Throwable failure = group.first.get();
            if (failure != null) {
                rethrow(failure);
            }
            return run.value;
        }

        /**
         * Interrupts the task if it still runs and waits until it has ended. Returns its value if it had succeeded (for the
         * caller to release what it holds), else null; a failure is dropped.
         */
        public T cancel() {
            run.interrupt();
            boolean interrupted = false;
            while (true) {
                try {
                    run.done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return group.first.get() == null ? run.value : null;
        }
    }

    private static void rethrow(Throwable t) throws BuildFailure, InterruptedException {
        if (t instanceof BuildFailure b) {
            throw b;
        }
        if (t instanceof InterruptedException ie) {
            throw ie;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    /** The tasks of one call and the first failure among them. */
    private static final class Group<T> {
        final List<Run<T>> runs = new ArrayList<>();
        final AtomicReference<Throwable> first = new AtomicReference<>();

        void failed(Throwable t) {
            if (first.compareAndSet(null, t)) {
                interruptAll();
            }
        }

        void interruptAll() {
            runs.forEach(Run::interrupt);
        }
    }

    /** One task: where it runs (to interrupt it), its value, and when it has ended. */
    private static final class Run<T> implements Runnable {
        private final Task<T> task;
        private final Group<T> group;
        private final boolean pooled;
        private final CountDownLatch done = new CountDownLatch(1);
        private Thread runner;
        private boolean stopped;
        private boolean interruptedHere;
        volatile T value;

        Run(Task<T> task, Group<T> group, boolean pooled) {
            this.task = task;
            this.group = group;
            this.pooled = pooled;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (stopped) {
                    done.countDown(); // another task failed before this one started: it never runs
                    return;
                }
                runner = Thread.currentThread();
            }
            try {
                value = task.call();
            } catch (Throwable t) {
                group.failed(t);
            } finally {
                synchronized (this) {
                    stopped = true;
                    runner = null;
                    if (pooled || interruptedHere) {
                        Thread.interrupted(); // an interrupt aimed at this task must not reach what the thread does next
                    }
                }
                done.countDown();
            }
        }

        synchronized void interrupt() {
            stopped = true;
            if (runner != null && runner != Thread.currentThread()) {
                interruptedHere = true;
                runner.interrupt();
            }
        }
    }
}
