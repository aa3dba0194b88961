package dev.tagline.planner.service;

import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeenEventsTest {
    private static final RepositoryId REPO = RepositoryId.of("github.com/acme/shop");
    private static final GitRef MAIN = GitRef.branch("main");
    private static final GitRef DEV = GitRef.branch("dev");
    private static final Duration WINDOW = Duration.ofDays(30);
    private static final long T0 = 1_764_000_000_000L;

    private KeyValueStore<String, byte[]> store;
    private SeenEvents seen;

    /** One event's read of its ref's ids and its check, as PlanProcessor makes them. */
    private boolean contains(RepositoryId repository, GitRef ref, String eventId) {
        return seen.ids(repository, ref).contains(eventId);
    }

    /** One event's read of its ref's ids and its append, without the check. */
    private void add(RepositoryId repository, GitRef ref, String eventId, long nowMillis, Duration window) {
        seen.add(seen.ids(repository, ref), eventId, nowMillis, window);
    }

    @BeforeEach
    void setUp() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SeenEvents.STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        seen = new SeenEvents(store);
    }

    @Test
    void anIdIsSeenOnItsOwnRefOnly() {
        add(REPO, MAIN, "ref-1", T0, WINDOW);
        assertTrue(contains(REPO, MAIN, "ref-1"));
        assertFalse(contains(REPO, DEV, "ref-1"));
        assertFalse(contains(REPO, MAIN, "ref-2"));
        assertFalse(contains(RepositoryId.of("github.com/acme/other"), MAIN, "ref-1"));
    }

    @Test
    void aDuplicateBehindNewerEventsOfItsRefIsStillSeen() {
        add(REPO, MAIN, "ref-a", T0, WINDOW);
        for (int i = 0; i < SeenEvents.PER_REF - 1; i++) {
            add(REPO, MAIN, "ref-newer-" + i, T0 + i, WINDOW);
        }
        assertTrue(contains(REPO, MAIN, "ref-a"), "the poller's copy of a push arriving after 63 newer pushes");
        add(REPO, MAIN, "ref-one-more", T0 + 100, WINDOW);
        assertFalse(contains(REPO, MAIN, "ref-a"), "bounded: a ref keeps its last " + SeenEvents.PER_REF + " ids");
        assertEquals(SeenEvents.PER_REF, SeenEvents.decode(store.get(SeenEvents.key(REPO, MAIN))).size());
    }

    @Test
    void idsOlderThanTheWindowAreDroppedOnWriteAndByPurge() {
        add(REPO, MAIN, "ref-old", T0, WINDOW);
        add(REPO, DEV, "ref-old-dev", T0, WINDOW);
        long later = T0 + WINDOW.toMillis() + 1;
        add(REPO, MAIN, "ref-new", later, WINDOW);
        assertFalse(contains(REPO, MAIN, "ref-old"), "dropped when its ref was written again");
        assertTrue(contains(REPO, DEV, "ref-old-dev"), "a quiet ref keeps its ids until the purge");

        assertEquals(1, seen.purge(later, WINDOW));
        assertNull(store.get(SeenEvents.key(REPO, DEV)), "a ref with no id left has no key");
        assertTrue(contains(REPO, MAIN, "ref-new"));
        assertEquals(0, seen.purge(later, WINDOW));
    }

    @Test
    void theValueFormatRoundTrips() {
        List<SeenEvents.Seen> ids = List.of(new SeenEvents.Seen("ref-1", 1L), new SeenEvents.Seen("ref-ü", Long.MAX_VALUE));
        assertEquals(ids, SeenEvents.decode(SeenEvents.encode(ids)));
        assertEquals(List.of(), SeenEvents.decode(SeenEvents.encode(List.of())));
    }

    @Test
    void theStoredValueIsTheRefsLastIdsOldestFirst() {
        List<SeenEvents.Seen> expected = new java.util.ArrayList<>();
        for (int i = 0; i < SeenEvents.PER_REF + 6; i++) {
            String id = "ref-" + i;
            SeenEvents.Ids ids = seen.ids(REPO, MAIN);
            assertFalse(ids.contains(id));
            seen.add(ids, id, T0 + i, WINDOW);
            expected.add(new SeenEvents.Seen(id, T0 + i));
        }
        assertEquals(expected.subList(6, expected.size()), SeenEvents.decode(store.get(SeenEvents.key(REPO, MAIN))));
        add(REPO, MAIN, "ref-" + (SeenEvents.PER_REF + 5), T0 + 100, WINDOW); // an id added again is appended again, as before
        List<SeenEvents.Seen> again = SeenEvents.decode(store.get(SeenEvents.key(REPO, MAIN)));
        assertEquals(SeenEvents.PER_REF, again.size());
        assertEquals(new SeenEvents.Seen("ref-" + (SeenEvents.PER_REF + 5), T0 + 100), again.get(again.size() - 1));
    }
}
