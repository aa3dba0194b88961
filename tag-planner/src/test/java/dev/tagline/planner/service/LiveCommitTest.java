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
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record written moments ago, or any record under light traffic, asks for a commit once the records polled with it
 * are processed (the events of a burst fetched in one poll: once, at the last of them); a backlog waits for the commit
 * interval. No wall-clock punctuator runs while the task is idle: any punctuation marks a task as needing a commit, so
 * one every live-lag made an idle planner commit an empty transaction every commit interval.
 */
class LiveCommitTest {
    private static final Clock CLOCK = Clock.fixed(PlanProcessorTest.NOW, ZoneOffset.UTC);
    private static final Duration LIVE_LAG = Duration.ofMillis(100);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.REF_EVENTS_NAME, 0);

    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    /** How far the last poll reached in {@link #PARTITION}; negative: nothing known (each record is the last of its poll). */
    private long polledUpTo = -1;
    private final PlanProcessor processor = started(context,
            partition -> partition.equals(PARTITION) && polledUpTo >= 0 ? OptionalLong.of(polledUpTo) : OptionalLong.empty());

    @ParameterizedTest(name = "written {0} ms before processing, light traffic -> commit at once")
    @CsvSource({"0", "100", "101", "60000", "-50"})
    void underLightTrafficARecordAsksForACommitAtOnce(long ageMillis) {
        processor.process(tag("v1.0.0", ageMillis));

        assertEquals(1, context.forwarded().size(), "planned");
        assertTrue(context.committed());
    }

    @ParameterizedTest(name = "record {0} of a backlog, written {1} ms before -> commit at once: {2}")
    @CsvSource({"1, 500, true", "200, 500, true", "201, 500, false", "250, 60000, false", "250, 100, true", "250, 0, true"})
    void aBacklogWaitsForTheCommitIntervalButALiveRecordInItDoesNot(int index, long ageMillis, boolean commitRequested) {
        for (int i = 1; i < index; i++) {
            processor.process(tag("v1.0." + i, 500));
        }
        context.resetCommit();

        processor.process(tag("v2.0.0", ageMillis));

        assertEquals(commitRequested, context.committed(), "more than 200 records in one live-lag window is a backlog");
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
    void aLateEventAfterALiveOneOfItsPollAsksForTheCommitWhenItIsTheLast() {
        polledUpTo = 11;
        processAt(10, "v1.0.0", 0);
        assertFalse(context.committed());

        processAt(11, "v1.0.1", 60_000);

        assertTrue(context.committed(), "the live event's commit is not left to the commit interval");
    }

    @Test
    void anIdleTaskHasNoPunctuatorButTheHourlyPurge() {
        processor.process(tag("v1.0.0", 0));

        assertEquals(List.of(PlanProcessor.PURGE_EVERY),
                context.scheduledPunctuators().stream().map(MockProcessorContext.CapturedPunctuator::getInterval).toList());
    }

    @Test
    void aReplaySchedulesItsSummaryWhileItLastsAndStopsAfterIt() {
        processor.process(new Record<>(PlanProcessorTest.REPO.getBytes(StandardCharsets.UTF_8),
                Topics.REF_EVENTS.encode(new PlanProcessorTest().tag("v1.0.0", RefChange.CREATED).asReplay("run-1", false, CLOCK.instant())),
                CLOCK.millis() - 60_000));
        MockProcessorContext.CapturedPunctuator summary = context.scheduledPunctuators().stream()
                .filter(p -> p.getInterval().equals(ReplayProgress.EVERY)).findFirst().orElseThrow();

        summary.getPunctuator().punctuate(CLOCK.millis());
        assertFalse(summary.cancelled(), "it reported the replayed event");
        summary.getPunctuator().punctuate(CLOCK.millis());

        assertTrue(summary.cancelled(), "nothing replayed since: no punctuation, no commit, while idle");
    }

    /** Processes {@code name}'s tag event as the record at {@code offset} of {@link #PARTITION}, written {@code ageMillis} ago. */
    private void processAt(long offset, String name, long ageMillis) {
        context.setRecordMetadata(PARTITION.topic(), PARTITION.partition(), offset);
        processor.process(tag(name, ageMillis));
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
