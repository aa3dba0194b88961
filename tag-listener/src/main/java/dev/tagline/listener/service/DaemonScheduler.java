package dev.tagline.listener.service;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one background thread of a polling service (poller, schedules): a daemon, stopped with up to 20 s for the running
 * task. What is only scheduled (the next poll, an hour away) is dropped at shutdown: by default a scheduled executor
 * still runs its delayed one-shot tasks after {@code shutdown()}, so every stop waited the whole 20 s for the next poll.
 */
final class DaemonScheduler {
    private DaemonScheduler() {
    }

    static ScheduledExecutorService start(String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return executor;
    }

    /**
     * Drops what is only scheduled, lets the running task finish (20 s at most), then interrupts it; null: never started.
     *
     * @return true when nothing had to be interrupted
     */
    static boolean stop(ScheduledExecutorService executor) throws InterruptedException {
        if (executor == null) {
            return true;
        }
        executor.shutdown();
        if (executor.awaitTermination(20, TimeUnit.SECONDS)) {
            return true;
        }
        executor.shutdownNow();
        return false;
    }
}
