package dev.tagline.builder.steps;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterAll
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void valuesComeInTaskOrderWhateverFinishesFirst() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        List<String> out = Parallel.all(pool, List.<Parallel.Task<String>>of(
                () -> {
                    assertTrue(firstMayEnd.await(10, TimeUnit.SECONDS));
                    return "a";
                },
                () -> {
                    firstMayEnd.countDown();
                    return "b";
                },
                () -> "c"));
        assertEquals(List.of("a", "b", "c"), out);
    }

    @Test
    void theTasksRunAtOnce() throws Exception {
        CountDownLatch all = new CountDownLatch(3);
        Parallel.Task<Void> meet = () -> {
            all.countDown();
            assertTrue(all.await(10, TimeUnit.SECONDS), "every task is running at the same time");
            return null;
        };
        Parallel.run(pool, meet, meet, meet);
    }

    @Test
    void theFirstFailureIsThrownNotTheInterruptionsItCausedAndNothingIsLeftRunning() {
        AtomicBoolean otherEnded = new AtomicBoolean();
        AtomicBoolean otherInterrupted = new AtomicBoolean();
        BuildFailure boom = BuildFailure.permanent(BuildFailure.Stage.PUSH, "boom");
        CountDownLatch started = new CountDownLatch(1);
        BuildFailure thrown = assertThrows(BuildFailure.class, () -> Parallel.run(pool,
                () -> {
                    started.countDown();
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        otherInterrupted.set(true);
                        Thread.sleep(50); // still ending when the failure is reported: it must be awaited
                        otherEnded.set(true);
                        throw new BuildFailure(BuildFailure.Stage.PUSH, "interrupted", false, e);
                    }
                    return null;
                },
                () -> {
                    assertTrue(started.await(10, TimeUnit.SECONDS));
                    throw boom;
                }));
        assertSame(boom, thrown);
        assertTrue(otherInterrupted.get(), "the other task was interrupted");
        assertTrue(otherEnded.get(), "and awaited before the failure was thrown");
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is not left interrupted");
    }

    @Test
    void aTaskNotStartedWhenAnotherFailedNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch failed = new CountDownLatch(1);
        ExecutorService late = Executors.newSingleThreadExecutor();
        try {
            late.execute(() -> {
                try {
                    failed.await(10, TimeUnit.SECONDS); // the pool is busy until the first task has failed
                    // the latch opens in the first task's finally, a moment before Parallel records its failure: give the
                    // caller's thread that moment (without it the second task could start first, as CI saw once)
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThrows(BuildFailure.class, () -> Parallel.run(late,
                    () -> {
                        try {
                            throw BuildFailure.permanent(BuildFailure.Stage.PUSH, "first");
                        } finally {
                            failed.countDown();
                        }
                    },
                    () -> {
                        ran.set(true);
                        return null;
                    }));
            assertFalse(ran.get());
        } finally {
            late.shutdownNow();
        }
    }

    @Test
    void aRuntimeExceptionOfATaskIsThrownAsItIs() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> Parallel.run(pool, () -> null, () -> {
            throw bug;
        })));
    }

    @Test
    void aTaskStartedAheadGivesItsValueOrItsFailureWhenAwaited() throws Exception {
        assertEquals("ready", Parallel.start(pool, () -> "ready").await());
        BuildFailure boom = BuildFailure.permanent(BuildFailure.Stage.FETCH, "boom");
        Parallel.Started<String> failing = Parallel.start(pool, () -> {
            throw boom;
        });
        assertSame(boom, assertThrows(BuildFailure.class, failing::await));
    }

    @Test
    void aTaskStartedAheadAndCancelledIsInterruptedAndHasEndedWhenCancelReturns() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        Parallel.Started<String> ahead = Parallel.start(pool, () -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                return "late";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            } finally {
                ended.set(true);
            }
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        assertEquals(null, ahead.cancel(), "an interrupted task has no value to hand back");
        assertTrue(interrupted.get());
        assertTrue(ended.get(), "nothing is left running once cancel returns");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void cancellingATaskThatAlreadySucceededHandsItsValueBackToBeReleased() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Parallel.Started<String> ahead = Parallel.start(pool, () -> {
            done.countDown();
            return "work dir";
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals("work dir", ahead.await());
        assertEquals("work dir", ahead.cancel());
    }
}
