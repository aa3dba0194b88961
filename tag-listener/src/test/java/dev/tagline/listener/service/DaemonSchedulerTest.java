package dev.tagline.listener.service;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the poller's and the schedules' thread: the running task finishes, what is only scheduled is dropped. */
class DaemonSchedulerTest {

    @Test
    void theNextPollOnlyScheduledDoesNotHoldTheShutdown() throws Exception {
        ScheduledExecutorService executor = DaemonScheduler.start("test-poller");
        AtomicBoolean ran = new AtomicBoolean();
        executor.schedule(() -> ran.set(true), 1, TimeUnit.HOURS);

        assertTrue(DaemonScheduler.stop(executor), "stopped without waiting for the task scheduled in an hour, nothing interrupted");

        assertTrue(executor.isTerminated());
        assertFalse(ran.get(), "the scheduled poll is dropped, not run early");
    }

    @Test
    void theRunningTaskIsLetFinish() throws Exception {
        ScheduledExecutorService executor = DaemonScheduler.start("test-poller");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        executor.execute(() -> {
            started.countDown();
            try {
                release.await();
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        AtomicBoolean clean = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            try {
                clean.set(DaemonScheduler.stop(executor));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        release.countDown();
        stopper.join();

        assertTrue(clean.get(), "finished within the grace");
        assertTrue(finished.get());
        assertFalse(interrupted.get());
    }

    @Test
    void neverStartedIsStopped() throws Exception {
        assertTrue(DaemonScheduler.stop(null));
    }
}
