package dev.tagline.schema.event;

import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.json.EventCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EventRoundTripTest {

    static Stream<TaglineEvent> events() {
        return Stream.of(ExampleEvents.refEvent(), ExampleEvents.scheduledEvent(), ExampleEvents.tagPlan(), ExampleEvents.buildResult(),
                ExampleEvents.pruneAudit());
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventSurvivesJsonUnchanged(TaglineEvent event) {
        byte[] json = EventCodec.encode(event);
        Object back = EventCodec.decode(json, event.getClass());
        assertEquals(event, back);
        assertArrayEquals(json, EventCodec.encode(back), "encoding is stable");
    }
}
