package dev.tagline.listener.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The one background thread of a polling service (poller, schedules): a daemon, stopped with up to 20 s for the running task. */
final class DaemonScheduler {
    private DaemonScheduler() {
    }

    static ScheduledExecutorService start(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Lets the running task finish (20 s at most), then interrupts it; null: never started. */
    static void stop(ScheduledExecutorService executor) throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }
}
