package dev.tagline.listener.replay;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which logged events a replay re-emits and how: that repository's original events (not earlier
 * replays), observed at or after {@code since}, in log order, each made into
 * {@link RefEvent#asReplay}. Pure and deterministic: the same log, request and run id give the same
 * events with the same ids.
 */
public final class ReplaySelection {
    private ReplaySelection() {
    }

    public static List<RefEvent> select(List<RefEvent> logOrder, RepositoryId repository, Instant since) {
        return logOrder.stream()
                .filter(e -> e.repository().equals(repository))
                .filter(e -> e.source() != EventSource.REPLAY)
                .filter(e -> since == null || !e.observedAt().isBefore(since))
                .toList();
    }

    /**
     * @param alreadyOnLog ids on the log now: re-running a replay with the same run id publishes only
     *                     what the first run did not
     */
    public static List<RefEvent> replays(List<RefEvent> selected, String runId, boolean rebuild, Instant now,
                                         Set<String> alreadyOnLog) {
        return selected.stream()
                .map(e -> e.asReplay(runId, rebuild, now))
                .filter(e -> !alreadyOnLog.contains(e.id()))
                .toList();
    }
}
