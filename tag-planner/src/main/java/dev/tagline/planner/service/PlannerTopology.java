package dev.tagline.planner.service;

import dev.tagline.schema.topic.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import java.time.Clock;
import java.util.Map;

/**
 * {@code git.ref-events} -> {@link PlanProcessor} (stores {@link ReleaseFacts#STORE} and
 * {@link SeenEvents#STORE}) -> {@code image.tag-plans}, {@code git.release-decisions} (releases from
 * Conventional Commits), and {@code git.ref-events.dlt} for what cannot be planned. Records stay bytes end to end: decoding happens in the processor, so an
 * unreadable record reaches the dead-letter sink with its original bytes.
 */
public final class PlannerTopology {
    /** The application id unless configured: the consumer group of {@code git.ref-events} and the prefix of the changelogs. */
    public static final String DEFAULT_APPLICATION_ID = "tag-planner";
    static final String SOURCE = "ref-events";
    static final String PROCESSOR = "plan";
    static final String PLANS_SINK = "tag-plans";
    static final String DEAD_LETTER_SINK = "ref-events-dlt";
    static final String RELEASE_DECISIONS_SINK = "release-decisions";

    private PlannerTopology() {
    }

    /** {@code fetched}: how far each task's partition was fetched (a burst's live events then commit together). */
    static Topology build(PolicyLookup policies, PlannerMetrics metrics, Clock clock, ProcessingSettings settings, FetchedOffsets fetched) {
        boolean inMemory = settings.inMemory();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), Topics.REF_EVENTS_NAME);
        TrafficMeter traffic = new TrafficMeter(settings.liveLag().toMillis());
        topology.addProcessor(PROCESSOR, () -> new PlanProcessor(policies, metrics, clock, settings, traffic, fetched), SOURCE);
        // changelogs: compacted, Kafka Streams' default for key-value stores, so a restore reads the state, not the history
        Map<String, String> changelog = Map.of();
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(ReleaseFacts.STORE, inMemory), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(changelog).withCachingDisabled(), PROCESSOR);
        // read and written once per event: in memory (RocksDB made the planner ~3x slower here), and cached, so a burst's
        // writes to one ref's key reach the changelog once per commit instead of once per event
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(SeenEvents.STORE, true), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(changelog).withCachingEnabled(), PROCESSOR);
        topology.addSink(PLANS_SINK, Topics.TAG_PLANS_NAME, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(RELEASE_DECISIONS_SINK, Topics.RELEASE_DECISIONS_NAME, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, Topics.REF_EVENTS.deadLetterName(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                PROCESSOR);
        return topology;
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }
}
