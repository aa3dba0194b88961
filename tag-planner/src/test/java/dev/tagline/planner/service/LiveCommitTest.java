package dev.tagline.planner.service;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record written moments ago asks for an immediate commit (the events of a burst fetched in one poll: once, at the
 * last of them); one processed later asks at the next light-traffic check (every live-lag) unless the planner is
 * working through a backlog, which waits for the commit interval.
 */
class LiveCommitTest {
    private static final Clock CLOCK = Clock.fixed(PlanProcessorTest.NOW, ZoneOffset.UTC);
    private static final Duration LIVE_LAG = Duration.ofMillis(100);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.REF_EVENTS_NAME, 0);

    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    /** How far the last poll reached in {@link #PARTITION}; negative: nothing known (every live event commits at once). */
    private long polledUpTo = -1;
    private final PlanProcessor processor = started(context,
            partition -> partition.equals(PARTITION) && polledUpTo >= 0 ? OptionalLong.of(polledUpTo) : OptionalLong.empty());

    @ParameterizedTest(name = "written {0} ms before processing -> commit at once: {1}")
    @CsvSource({"0, true", "100, true", "101, false", "60000, false", "-50, true"})
    void liveRecordsAskForACommit(long ageMillis, boolean commitRequested) {
        processor.process(tag("v1.0.0", ageMillis));

        assertEquals(1, context.forwarded().size(), "planned");
        assertEquals(commitRequested, context.committed());
    }

    @ParameterizedTest(name = "{0} late records since the last check -> commit at the check: {1}")
    @CsvSource({"1, true", "4, true", "200, true", "201, false", "0, false"})
    void lateRecordsOfLightTrafficCommitAtTheNextCheck(int records, boolean commitRequested) {
        for (int i = 0; i < records; i++) {
            processor.process(tag("v1.0." + i, 500));
        }
        assertFalse(context.committed(), "late records do not ask at once");
        MockProcessorContext.CapturedPunctuator check = liveLagCheck(context);

        check.getPunctuator().punctuate(CLOCK.millis());

        assertEquals(commitRequested, context.committed());
        context.resetCommit();
        check.getPunctuator().punctuate(CLOCK.millis());
        assertFalse(context.committed(), "nothing processed since the last check");
    }

    @Test
    void aBurstFetchedInOnePollAsksForOneCommitAtItsLastEvent() {
        polledUpTo = 12;
        for (long offset = 10; offset <= 12; offset++) {
            assertFalse(context.committed(), "no commit before the last fetched event");
            processAt(offset, "v1.0." + offset, 0);
        }

        assertEquals(3, context.forwarded().size(), "every event planned");
        assertTrue(context.committed(), "the last fetched event asks for the commit of all three");
    }

    @Test
    void anEventLeftWaitingForTheRestOfItsPollCommitsAtTheNextCheck() {
        polledUpTo = 12;
        processAt(10, "v1.0.0", 0);
        assertFalse(context.committed());

        liveLagCheck(context).getPunctuator().punctuate(CLOCK.millis());

        assertTrue(context.committed(), "at most live-lag later, even if the rest never comes (a revoked partition)");
    }

    @Test
    void aLateEventAfterALiveOneOfItsPollAsksForTheCommitWhenItIsTheLast() {
        polledUpTo = 11;
        processAt(10, "v1.0.0", 0);

        processAt(11, "v1.0.1", 60_000);

        assertTrue(context.committed(), "the live event's commit is not left to the commit interval");
    }

    /** Processes {@code name}'s tag event as the record at {@code offset} of {@link #PARTITION}, written {@code ageMillis} ago. */
    private void processAt(long offset, String name, long ageMillis) {
        context.setRecordMetadata(PARTITION.topic(), PARTITION.partition(), offset);
        processor.process(tag(name, ageMillis));
    }

    private static MockProcessorContext.CapturedPunctuator liveLagCheck(MockProcessorContext<byte[], byte[]> context) {
        return context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(LIVE_LAG)).findFirst().orElseThrow();
    }

    private static PlanProcessor started(MockProcessorContext<byte[], byte[]> context, FetchedOffsets fetched) {
        PlanProcessorTest.Policies policies = new PlanProcessorTest.Policies();
        policies.set(PlanProcessorTest.policy("v*"));
        PlanProcessor processor = new PlanProcessor(policies, new PlannerMetrics(new SimpleMeterRegistry()), CLOCK,
                new ProcessingSettings("tag-planner", Duration.ofDays(30), LIVE_LAG, true), new TrafficMeter(LIVE_LAG.toMillis()), fetched);
        KeyValueStore<String, byte[]> facts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReleaseFacts.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, byte[]> seen = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SeenEvents.STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        facts.init(context.getStateStoreContext(), facts);
        seen.init(context.getStateStoreContext(), seen);
        context.addStateStore(facts);
        context.addStateStore(seen);
        processor.init(context);
        return processor;
    }

    private static Record<byte[], byte[]> tag(String name, long ageMillis) {
        byte[] value = Topics.REF_EVENTS.encode(new PlanProcessorTest().tag(name, RefChange.CREATED));
        return new Record<>(PlanProcessorTest.REPO.getBytes(StandardCharsets.UTF_8), value, CLOCK.millis() - ageMillis);
    }
}
