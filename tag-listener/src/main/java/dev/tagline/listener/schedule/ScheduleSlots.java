package dev.tagline.listener.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** When a schedule fires: pure decisions over (cron, zone, what already fired, now). */
public final class ScheduleSlots {
    private ScheduleSlots() {
    }

    /**
     * On start: the one slot to fire now because it was missed while the service was down — the
     * latest slot at or before {@code now}, if it is later than the last slot that fired. Missing
     * many slots still fires once. A schedule that never fired starts with the next slot.
     */
    public static Optional<Instant> missedOnStart(CronExpression cron, ZoneId zone, Instant lastFired, Instant now) {
        if (lastFired == null) {
            return Optional.empty();
        }
        return cron.latestAtOrBefore(now, zone).filter(slot -> slot.isAfter(lastFired));
    }

    /** The next slot to wait for: after {@code now} and after the last fired slot. */
    public static Optional<Instant> next(CronExpression cron, ZoneId zone, Instant lastFired, Instant now) {
        Instant from = lastFired != null && lastFired.isAfter(now) ? lastFired : now;
        return cron.next(from, zone);
    }
}
