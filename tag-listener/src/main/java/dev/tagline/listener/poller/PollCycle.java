package dev.tagline.listener.poller;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One poll of one remote, decided: the events to publish and the snapshot to record after them.
 * Pure: the shell supplies the last snapshot, the advertised refs and the commits they peel to.
 */
public record PollCycle(List<RefEvent> events, Map<String, SeenRef> nextSnapshot) {

    /** A commit and its time, as read from the cache. */
    public record Commit(CommitSha sha, Instant time) {
    }

    /**
     * @param changes  from {@link RefDiff#diff}
     * @param resolved commits of every created or updated ref in {@code changes}
     * @param unchanged the last snapshot restricted to refs still advertised and still watched
     */
    public static PollCycle of(RepositoryId repository, String cloneUrl, List<DetectedChange> changes,
                               Map<GitRef, Commit> resolved, Map<String, SeenRef> unchanged, Instant now) {
        List<RefEvent> events = new ArrayList<>();
        Map<String, SeenRef> next = new TreeMap<>(unchanged);
        for (DetectedChange c : changes) {
            CommitSha old = c.before() == null ? null : CommitSha.parseOrNull(c.before().commit());
            if (c.change() == RefChange.DELETED) {
                next.remove(c.ref().value());
                events.add(RefEvent.create(repository, cloneUrl, c.ref(), RefChange.DELETED, old, null, null,
                        EventSource.POLLER, null, now, null, null, null));
                continue;
            }
            Commit commit = resolved.get(c.ref());
            if (commit == null) {
                throw new IllegalArgumentException("no resolved commit for " + c.ref());
            }
            next.put(c.ref().value(), new SeenRef(c.objectId(), commit.sha().value()));
            if (c.change() == RefChange.UPDATED && commit.sha().equals(old)) {
                continue; // an annotated tag re-created on the same commit: nothing to build
            }
            events.add(RefEvent.create(repository, cloneUrl, c.ref(), c.change(), old, commit.sha(), commit.time(),
                    EventSource.POLLER, null, now, null, null, null));
        }
        return new PollCycle(List.copyOf(events), next);
    }
}
