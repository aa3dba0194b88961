package dev.tagline.listener.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** When a schedule fires: pure decisions over (cron, zone, what already fired, when we started, now). */
public final class ScheduleSlots {
    private ScheduleSlots() {
    }

    /**
     * The slot to fire now, if any: the latest slot at or before {@code now}, when it is later than
     * the last slot that fired. Missing many slots (the service was down for three nights) still
     * fires once, for the latest. A schedule that never fired fires only slots from
     * {@code startedAt} on, so adding a schedule does not fire a slot from before it existed.
     */
    public static Optional<Instant> due(CronExpression cron, ZoneId zone, Instant lastFired, Instant startedAt, Instant now) {
        Optional<Instant> latest = cron.latestAtOrBefore(now, zone);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Instant slot = latest.get();
        if (lastFired == null) {
            return slot.isBefore(startedAt) ? Optional.empty() : latest;
        }
        return slot.isAfter(lastFired) ? latest : Optional.empty();
    }

    /** The next slot to wait for: after {@code now} and after the last fired slot. */
    public static Optional<Instant> next(CronExpression cron, ZoneId zone, Instant lastFired, Instant now) {
        Instant from = lastFired != null && lastFired.isAfter(now) ? lastFired : now;
        return cron.next(from, zone);
    }
}
