package dev.tagline.planner.service;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A record written moments ago asks for an immediate commit; one from a backlog waits for the commit interval. */
class LiveCommitTest {

    @ParameterizedTest(name = "written {0} ms before processing -> commit at once: {1}")
    @CsvSource({"0, true", "100, true", "101, false", "60000, false", "-50, true"})
    void liveRecordsAskForACommit(long ageMillis, boolean commitRequested) {
        PlanProcessorTest.Policies policies = new PlanProcessorTest.Policies();
        policies.set(PlanProcessorTest.policy("v*"));
        Clock clock = Clock.fixed(PlanProcessorTest.NOW, ZoneOffset.UTC);
        PlanProcessor processor = new PlanProcessor(policies, new PlannerMetrics(new SimpleMeterRegistry()), clock,
                new ProcessingSettings("tag-planner", Duration.ofDays(30), Duration.ofMillis(100), true));
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> facts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReleaseFacts.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, byte[]> seen = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SeenEvents.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        facts.init(context.getStateStoreContext(), facts);
        seen.init(context.getStateStoreContext(), seen);
        context.addStateStore(facts);
        context.addStateStore(seen);
        processor.init(context);

        byte[] value = Topics.REF_EVENTS.encode(new PlanProcessorTest().tag("v1.0.0", RefChange.CREATED));
        processor.process(new Record<>(PlanProcessorTest.REPO.getBytes(StandardCharsets.UTF_8), value, clock.millis() - ageMillis));

        assertEquals(1, context.forwarded().size(), "planned");
        assertEquals(commitRequested, context.committed());
    }
}
