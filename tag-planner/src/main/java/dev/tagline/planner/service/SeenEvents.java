package dev.tagline.planner.service;

import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids of the events planned recently, per repository and ref, so the same change delivered twice
 * (by a webhook and by the poller, or redelivered by a provider) gives one plan. An event id is a
 * hash of its repository, ref and change, so a duplicate always has its original's ref.
 *
 * <p>Key {@code <repository>\0<ref>}; value: the ref's last {@value #PER_REF} ids with the time each
 * was planned, oldest first. Bounded twice: ids older than the dedupe window are dropped (on every
 * write, and by {@link #purge} for refs that saw no event since), and at most {@value #PER_REF} per
 * ref are kept. One key per ref (not per event) lets the store's cache fold a burst's writes into
 * one changelog record per ref and commit, instead of one record per event.
 */
final class SeenEvents {
    static final String STORE = "seen-events-by-ref";
    /** More than a ref sees between a webhook and the poller reporting the same push. */
    static final int PER_REF = 64;
    private static final char SEPARATOR = '\0';

    private final KeyValueStore<String, byte[]> store;

    SeenEvents(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    boolean contains(RepositoryId repository, GitRef ref, String eventId) {
        byte[] value = store.get(key(repository, ref));
        return value != null && decode(value).stream().anyMatch(s -> s.eventId().equals(eventId));
    }

    void add(RepositoryId repository, GitRef ref, String eventId, long nowMillis, Duration window) {
        String key = key(repository, ref);
        byte[] value = store.get(key);
        List<Seen> seen = value == null ? new ArrayList<>() : fresh(decode(value), nowMillis - window.toMillis());
        seen.add(new Seen(eventId, nowMillis));
        if (seen.size() > PER_REF) {
            seen = seen.subList(seen.size() - PER_REF, seen.size());
        }
        store.put(key, encode(seen));
    }

    /** Forgets ids seen before {@code nowMillis - window}; returns how many. */
    int purge(long nowMillis, Duration window) {
        long cutoff = nowMillis - window.toMillis();
        List<KeyValue<String, byte[]>> changed = new ArrayList<>();
        int purged = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                List<Seen> all = decode(kv.value);
                List<Seen> kept = fresh(all, cutoff);
                if (kept.size() < all.size()) {
                    purged += all.size() - kept.size();
                    changed.add(KeyValue.pair(kv.key, kept.isEmpty() ? null : encode(kept)));
                }
            }
        }
        changed.forEach(kv -> {
            if (kv.value == null) {
                store.delete(kv.key);
            } else {
                store.put(kv.key, kv.value);
            }
        });
        return purged;
    }

    private static List<Seen> fresh(List<Seen> seen, long cutoff) {
        List<Seen> kept = new ArrayList<>(seen.size() + 1);
        for (Seen s : seen) {
            if (s.atMillis() >= cutoff) {
                kept.add(s);
            }
        }
        return kept;
    }

    static String key(RepositoryId repository, GitRef ref) {
        return repository.value() + SEPARATOR + ref.value();
    }

    /** Binary, not JSON: read and written for every event. Count, then (time, id) pairs. */
    static byte[] encode(List<Seen> seen) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + seen.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(seen.size());
            for (Seen s : seen) {
                out.writeLong(s.atMillis());
                out.writeUTF(s.eventId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Seen> decode(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int n = in.readInt();
            List<Seen> seen = new ArrayList<>(n + 1);
            for (int i = 0; i < n; i++) {
                long at = in.readLong();
                seen.add(new Seen(in.readUTF(), at));
            }
            return seen;
        } catch (IOException e) {
            // written by encode above: only a corrupt store gets here, and it must not be papered over
            throw new IllegalStateException("unreadable seen-events entry: " + e.getMessage(), e);
        }
    }

    record Seen(String eventId, long atMillis) {
    }
}
