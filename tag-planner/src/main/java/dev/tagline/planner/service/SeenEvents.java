package dev.tagline.planner.service;

import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids of the events planned in the last {@code dedupeWindow}, so the same change delivered
 * twice (by a webhook and by the poller, or redelivered by a provider) gives one plan. Bounded by
 * time: {@link #purge} removes ids older than the window (the store's size is the number of events
 * in one window, about 100 bytes each).
 */
final class SeenEvents {
    static final String STORE = "seen-events";
    private static final char SEPARATOR = '\0';

    private final KeyValueStore<String, Long> store;

    SeenEvents(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    boolean contains(RepositoryId repository, String eventId) {
        return store.get(key(repository, eventId)) != null;
    }

    void add(RepositoryId repository, String eventId, long nowMillis) {
        store.put(key(repository, eventId), nowMillis);
    }

    /** Forgets ids seen before {@code nowMillis - window}; returns how many. */
    int purge(long nowMillis, Duration window) {
        long cutoff = nowMillis - window.toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (kv.value == null || kv.value < cutoff) {
                    old.add(kv.key);
                }
            }
        }
        old.forEach(store::delete);
        return old.size();
    }

    private static String key(RepositoryId repository, String eventId) {
        return repository.value() + SEPARATOR + eventId;
    }
}
