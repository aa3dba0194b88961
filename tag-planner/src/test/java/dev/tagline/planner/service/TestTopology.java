package dev.tagline.planner.service;

import dev.tagline.schema.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;

/**
 * The planner topology on Kafka Streams' TopologyTestDriver, exactly once as the service runs it, with a
 * fixed clock and the test's policies; ref events go in through {@link #refEvents}.
 */
final class TestTopology implements AutoCloseable {
    final TestInputTopic<byte[], byte[]> refEvents;
    private final TopologyTestDriver driver;

    TestTopology(PolicyLookup policies, Instant now, Path stateDir, boolean inMemory) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tag-planner");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(PlannerTopology.build(policies, new PlannerMetrics(new SimpleMeterRegistry()),
                Clock.fixed(now, ZoneOffset.UTC), new ProcessingSettings("tag-planner", Duration.ofDays(30), Duration.ofMillis(100), inMemory),
                FetchedOffsets.NONE), props);
        refEvents = driver.createInputTopic(Topics.REF_EVENTS_NAME, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** What the topology writes to {@code topic}, from the start. */
    TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
