package dev.tagline.listener.service;

import dev.tagline.listener.repository.RegisteredRepository;
import dev.tagline.listener.service.PollerService.Status;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When the next poll of one repository runs. A poll that did its job waits the interval; one that
 * could not (not caught up with the log yet, remote or broker away) is retried with backoff capped
 * below the interval, so a slow reconcile interval (an hour) never turns a failed first poll at
 * start-up into an hour without reconciliation. A repository another instance owns is looked at again
 * within {@link #OWNERSHIP_RECHECK}, so one whose partition moves here (the owner died) is reconciled
 * soon. Not thread-safe: one schedule per repository, run by the poller's single thread.
 */
final class PollSchedule {
    static final Duration FIRST_POLL = Duration.ofSeconds(1);
    static final Duration RETRY_CAP = Duration.ofSeconds(30);
    static final Duration OWNERSHIP_RECHECK = Duration.ofSeconds(5);

    private final RegisteredRepository repo;
    private final Duration interval;
    private final Backoff backoff;
    private int failures;

    PollSchedule(RegisteredRepository repo, Duration interval) {
        this.repo = repo;
        this.interval = interval.compareTo(FIRST_POLL) < 0 ? FIRST_POLL : interval;
        this.backoff = new Backoff(FIRST_POLL, min(this.interval, RETRY_CAP));
    }

    RegisteredRepository repo() {
        return repo;
    }

    /** Consecutive polls that could not do their job. */
    int failures() {
        return failures;
    }

    /** The wait before the next poll, after one that ended with {@code status}. */
    Duration next(Status status, DoubleSupplier random) {
        return switch (status) {
            case BASELINE, UNCHANGED, PUBLISHED -> {
                failures = 0;
                yield interval;
            }
            case NOT_OWNER -> {
                failures = 0;
                yield min(interval, OWNERSHIP_RECHECK);
            }
            case NOT_READY, REMOTE_UNAVAILABLE, PUBLISH_FAILED -> backoff.delay(++failures, random);
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
