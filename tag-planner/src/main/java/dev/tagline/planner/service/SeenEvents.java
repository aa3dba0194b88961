package dev.tagline.planner.service;

import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * One ref's ids as stored, read once for an event: {@link #contains} before planning, {@link #add} after. An id not
     * found was compared with every entry, so {@code contains} also leaves their number for {@code add}.
     */
    static final class Ids {
        private final String key;
        private final byte[] value;
        private int entries = -1;

        Ids(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }

        boolean contains(String eventId) {
            if (value == null) {
                return false;
            }
            int found = find(value, eventId.getBytes(StandardCharsets.UTF_8));
            entries = found;
            return found < 0;
        }
    }

    /** The number of entries in {@code value} if none holds {@code id}, else -1: one pass, no decoding (this runs for every event). */
    private static int find(byte[] value, byte[] id) {
        int entries = 0;
        for (int at = 0; at < value.length; at = next(value, at)) {
            int from = at + HEADER;
            if (length(value, at) == id.length && Arrays.equals(value, from, from + id.length, id, 0, id.length)) {
                return -1;
            }
            entries++;
        }
        return entries;
    }

    Ids ids(RepositoryId repository, GitRef ref) {
        String key = key(repository, ref);
        return new Ids(key, store.get(key));
    }

    /** Adds {@code eventId} to the ids read by {@link #ids} (this task is their only writer, so they are still current). */
    void add(Ids ids, String eventId, long nowMillis, Duration window) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 0xffff) {
            throw new IllegalArgumentException("event id longer than 65,535 bytes");
        }
        byte[] value = ids.value;
        int from = 0;
        int length = 0;
        if (value != null) {
            // keep the entries still in the window, at most PER_REF - 1 of them, then append: one copy of the bytes
            long cutoff = nowMillis - window.toMillis();
            int kept = ids.entries;
            if (kept < 0) { // not counted by contains (or the id is there: PlanProcessor never adds such an id; appended again)
                kept = 0;
                for (int at = 0; at < value.length; at = next(value, at)) {
                    kept++;
                }
            }
            while (from < value.length && (kept >= PER_REF || time(value, from) < cutoff)) {
                from = next(value, from);
                kept--;
            }
            length = value.length - from;
        }
        byte[] updated = new byte[length + HEADER + id.length];
        if (length > 0) {
            System.arraycopy(value, from, updated, 0, length);
        }
        ByteBuffer.wrap(updated, length, HEADER + id.length).putLong(nowMillis).putShort((short) id.length).put(id);
        store.put(ids.key, updated);
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
                List<Seen> kept = all.stream().filter(seen -> seen.atMillis() >= cutoff).toList();
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

    static String key(RepositoryId repository, GitRef ref) {
        return repository.value() + SEPARATOR + ref.value();
    }

    // Value layout, oldest first: per id, an 8-byte time, a 2-byte length and the id's UTF-8 bytes.
    // Binary, not JSON: it is scanned and rewritten for every event.
    private static final int HEADER = Long.BYTES + Short.BYTES;

    private static long time(byte[] value, int at) {
        return ByteBuffer.wrap(value, at, Long.BYTES).getLong();
    }

    private static int length(byte[] value, int at) {
        return ((value[at + Long.BYTES] & 0xff) << 8) | (value[at + Long.BYTES + 1] & 0xff);
    }

    private static int next(byte[] value, int at) {
        if (at + HEADER > value.length || at + HEADER + length(value, at) > value.length) {
            // written by encode: only a corrupt store gets here, and it must not be papered over
            throw new IllegalStateException("unreadable seen-events entry at byte " + at + " of " + value.length);
        }
        return at + HEADER + length(value, at);
    }

    static byte[] encode(List<Seen> seen) {
        List<byte[]> ids = seen.stream().map(s -> s.eventId().getBytes(StandardCharsets.UTF_8)).toList();
        ByteBuffer out = ByteBuffer.allocate(ids.stream().mapToInt(id -> HEADER + id.length).sum());
        for (int i = 0; i < seen.size(); i++) {
            byte[] id = ids.get(i);
            if (id.length > 0xffff) {
                throw new IllegalArgumentException("event id longer than 65,535 bytes");
            }
            out.putLong(seen.get(i).atMillis()).putShort((short) id.length).put(id);
        }
        return out.array();
    }

    static List<Seen> decode(byte[] value) {
        List<Seen> seen = new ArrayList<>();
        for (int at = 0; at < value.length; at = next(value, at)) {
            seen.add(new Seen(new String(value, at + HEADER, length(value, at), StandardCharsets.UTF_8), time(value, at)));
        }
        return seen;
    }

    record Seen(String eventId, long atMillis) {
    }
}
