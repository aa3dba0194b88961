package dev.tagline.planner.service;

import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to each repository's tags, as facts: for every tag, the last event that created or
 * moved it, in the order they were seen; a deleted tag has no fact. The release history is derived
 * from these facts under the policy in force when an event is planned, so a policy edit changes
 * what counts as a release without re-reading the ref-event log.
 *
 * <p>Key: {@code <repository>\0<ref>} (a prefix scan reads one repository). Value: an 8-byte
 * sequence number (the order seen) followed by the event's JSON.
 */
final class ReleaseFacts {
    static final String STORE = "release-facts";
    private static final char SEPARATOR = '\0';
    private static final StringSerializer KEYS = new StringSerializer();

    private static final int CACHED_REPOSITORIES = 1_000;

    private final KeyValueStore<String, byte[]> store;
    /**
     * The last sequence number per repository, so recording a tag does not scan all of the repository's
     * facts (which made a replay of a long tag history quadratic). Only a cache of the store: this
     * object is the task's only writer and is made anew whenever the task is (re)initialised.
     */
    private final Map<RepositoryId, Long> lastSeqs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RepositoryId, Long> eldest) {
            return size() > CACHED_REPOSITORIES;
        }
    };

    ReleaseFacts(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /**
     * Records a tag event: created or moved tags replace their fact, deleted tags lose it. Other refs are no release
     * facts. {@code json} is the record's own bytes, which decode to {@code event}: stored as they are, not encoded again.
     */
    void record(RefEvent event, byte[] json) {
        if (!event.ref().isTag()) {
            return;
        }
        String key = key(event.repository(), event.ref().value());
        if (event.change() == RefChange.DELETED) {
            store.delete(key);
            return;
        }
        Long last = lastSeqs.get(event.repository());
        long next = (last != null ? last : lastSeq(event.repository())) + 1;
        store.put(key, ByteBuffer.allocate(Long.BYTES + json.length).putLong(next).put(json).array());
        lastSeqs.put(event.repository(), next);
    }

    private long lastSeq(RepositoryId repository) {
        long last = 0;
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(repository.value() + SEPARATOR, KEYS)) {
            while (it.hasNext()) {
                last = Math.max(last, ByteBuffer.wrap(it.next().value).getLong());
            }
        }
        return last;
    }

    /** The repository's tag facts in the order they were seen. */
    List<Fact> tagEvents(RepositoryId repository) {
        List<Fact> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(repository.value() + SEPARATOR, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                ByteBuffer buffer = ByteBuffer.wrap(kv.value);
                long seq = buffer.getLong();
                byte[] json = new byte[buffer.remaining()];
                buffer.get(json);
                try {
                    out.add(new Fact(seq, Topics.REF_EVENTS.decode(json)));
                } catch (InvalidEventException e) {
                    // written by this class from a valid event: only a newer, incompatible schema could get here
                    throw new IllegalStateException("unreadable release fact " + kv.key.replace(SEPARATOR, ' ') + ": " + e.getMessage(), e);
                }
            }
        }
        out.sort(Comparator.comparingLong(Fact::seq));
        return out;
    }

    static String key(RepositoryId repository, String ref) {
        return repository.value() + SEPARATOR + ref;
    }

    record Fact(long seq, RefEvent event) {
    }
}
