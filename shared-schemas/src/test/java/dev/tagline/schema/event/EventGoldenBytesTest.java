package dev.tagline.schema.event;

import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.json.EventCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wire bytes of every event, pinned: the files under {@code golden/} were written by the
 * micronaut-serde codec before events moved to Jackson, so a consumer still on the old build reads
 * what the new one writes, and the other way round.
 */
class EventGoldenBytesTest {

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("ref-event", ExampleEvents.refEvent()),
                Arguments.of("ref-event.scheduled", ExampleEvents.scheduledEvent()),
                Arguments.of("tag-plan", ExampleEvents.tagPlan()),
                Arguments.of("build-result", ExampleEvents.buildResult()),
                Arguments.of("prune-audit", ExampleEvents.pruneAudit()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void encodingIsByteForByteTheSameAsBefore(String name, TaglineEvent event) throws IOException {
        Path golden = Path.of("src/test/resources/golden/" + name + ".json");
        String expected = Files.readString(golden, StandardCharsets.UTF_8).strip();
        assertEquals(expected, EventCodec.toJson(event));
        assertEquals(event, EventCodec.decode(expected, event.getClass()));
    }
}
