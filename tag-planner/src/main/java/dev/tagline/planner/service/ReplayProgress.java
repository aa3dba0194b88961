package dev.tagline.planner.service;

import org.slf4j.Logger;

import java.time.Duration;

/**
 * Replayed events are logged as a summary line every {@link #EVERY} instead of a line each: a replay
 * of a whole history would otherwise print one line per event, and formatting them cost as much as
 * planning. Live events keep their own line with the event and plan ids; every replayed plan is still
 * logged at DEBUG. One per stream task, used by its thread only.
 */
final class ReplayProgress {
    static final Duration EVERY = Duration.ofSeconds(10);

    private long planned;
    private long skipped;

    void planned() {
        planned++;
    }

    void skipped() {
        skipped++;
    }

    /** Logs what was replayed since the last report; false when nothing was. */
    boolean report(Logger log, Object task) {
        if (planned + skipped > 0) {
            log.info("task {}: replayed events in the last {} s: {} planned, {} with nothing to build", task, EVERY.toSeconds(), planned, skipped);
            planned = 0;
            skipped = 0;
            return true;
        }
        return false;
    }
}
