package dev.tagline.listener.replay;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplaySelectionTest {
    static final RepositoryId SHOP = RepositoryId.of("github.com/acme/shop");
    static final RepositoryId OTHER = RepositoryId.of("github.com/acme/other");
    static final CommitSha A = CommitSha.parse("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    static final CommitSha B = CommitSha.parse("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");

    static RefEvent event(RepositoryId repo, String tag, CommitSha commit, String observed) {
        return RefEvent.create(repo, "https://" + repo.value() + ".git", GitRef.tag(tag), RefChange.CREATED, null, commit,
                Instant.parse("2026-11-01T00:00:00Z"), EventSource.GITHUB, "d", Instant.parse(observed), "main", null, null);
    }

    private final RefEvent v1 = event(SHOP, "v1", A, "2026-11-20T00:00:00Z");
    private final RefEvent other = event(OTHER, "v1", A, "2026-11-20T12:00:00Z");
    private final RefEvent v2 = event(SHOP, "v2", B, "2026-11-21T00:00:00Z");
    private final RefEvent earlierReplay = v1.asReplay("old-run", false, Instant.parse("2026-11-21T06:00:00Z"));
    private final List<RefEvent> log = List.of(v1, other, v2, earlierReplay);

    @Test
    void selectsTheRepositorysOriginalEventsInLogOrder() {
        assertEquals(List.of(v1, v2), ReplaySelection.select(log, SHOP, null));
    }

    @Test
    void sinceKeepsEventsObservedAtOrAfterIt() {
        assertEquals(List.of(v2), ReplaySelection.select(log, SHOP, Instant.parse("2026-11-21T00:00:00Z")));
    }

    @Test
    void replaysAreMarkedAndDeterministic() {
        Instant now = Instant.parse("2026-11-22T00:00:00Z");
        List<RefEvent> first = ReplaySelection.replays(List.of(v1, v2), "run-1", true, now, Set.of());
        List<RefEvent> again = ReplaySelection.replays(List.of(v1, v2), "run-1", true, now, Set.of());
        assertEquals(first, again);
        assertEquals(EventSource.REPLAY, first.get(0).source());
        assertEquals(v1.id(), first.get(0).replay().originalEventId());
        assertEquals(EventSource.GITHUB, first.get(0).replay().originalSource());
        assertTrue(first.get(0).rebuild());
        assertEquals(v1.newCommit(), first.get(0).newCommit());
        assertEquals(v1.commitTime(), first.get(0).commitTime());
    }

    @Test
    void rerunningARunSkipsWhatItAlreadyPublished() {
        Instant now = Instant.parse("2026-11-22T00:00:00Z");
        RefEvent done = v1.asReplay("run-1", false, now);
        assertEquals(List.of(v2.asReplay("run-1", false, now)),
                ReplaySelection.replays(List.of(v1, v2), "run-1", false, now, Set.of(done.id())));
    }
}
