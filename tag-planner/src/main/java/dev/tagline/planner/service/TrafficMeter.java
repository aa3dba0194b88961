package dev.tagline.planner.service;

/**
 * How many records this instance processed in the last window (one {@code live-lag}), over all its tasks and
 * stream threads: light traffic (pushes, a burst of tags) against a backlog (a replay, thousands a second). Per
 * task the count would be divided by the number of partitions and a replay would look light.
 */
final class TrafficMeter {
    /** More records than this in one window is a backlog: 2,000 a second at the default 100 ms. */
    static final int LIGHT_RECORDS = 200;

    private final long windowMillis;
    private long windowStart;
    private int current;
    private int previous;

    TrafficMeter(long windowMillis) {
        this.windowMillis = Math.max(1, windowMillis);
    }

    /** Counts one record processed at {@code now}; returns {@link #light(long)} with it counted. */
    synchronized boolean processed(long now) {
        roll(now);
        current++;
        return light(now);
    }

    /** Whether the instance processed at most {@link #LIGHT_RECORDS} in this window and in the one before it. */
    synchronized boolean light(long now) {
        roll(now);
        return Math.max(previous, current) <= LIGHT_RECORDS;
    }

    private void roll(long now) {
        long elapsed = now - windowStart;
        if (elapsed >= windowMillis) {
            previous = elapsed < 2 * windowMillis ? current : 0;
            current = 0;
            windowStart = now;
        }
    }
}
