package dev.tagline.listener.service;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;

/**
 * When an event must not be published because the log already says it. A ref change is judged by
 * the state it leaves the ref in, compared with the last change the log holds for that ref:
 * - a webhook, a redelivery and the poller reporting the same push are one change, even when the
 *   poller saw {@code A->C} where the webhook saw {@code A->B->C};
 * - a tag deleted and pushed again at the same commit, or a branch moved back and forth, changes
 *   the state again and is published again, although its id was seen before.
 * Schedule slots and replays carry their own identity (slot, run) and are judged by id.
 */
public final class Duplicates {
    private Duplicates() {
    }

    /**
     * @param event      the candidate
     * @param lastChange the last change on the log for the event's ref (not a schedule, not a replay), or null
     * @param idOnLog    whether the candidate's id is on the log
     */
    public static boolean alreadyPublished(RefEvent event, RefEvent lastChange, boolean idOnLog) {
        if (event.change() == RefChange.SCHEDULED || event.source() == EventSource.REPLAY || lastChange == null) {
            return idOnLog;
        }
        if (event.change() == RefChange.DELETED) {
            return lastChange.change() == RefChange.DELETED;
        }
        return lastChange.change() != RefChange.DELETED && event.newCommit().equals(lastChange.newCommit());
    }
}
