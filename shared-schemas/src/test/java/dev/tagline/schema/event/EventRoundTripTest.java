package dev.tagline.schema.event;

import dev.tagline.schema.value.GitRef;

import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.json.EventCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EventRoundTripTest {

    static Stream<TaglineEvent> events() {
        return Stream.concat(Stream.of(ExampleEvents.refEvent(), ExampleEvents.scheduledEvent(), ExampleEvents.tagPlan(),
                ExampleEvents.buildResult(), ExampleEvents.pruneAudit(), ExampleEvents.retractionPlan(),
                ExampleEvents.branchPushWithCommits(), ExampleEvents.releaseDecision(), ExampleEvents.forkPullRequestEvent(),
                ExampleEvents.previewPlan()),
                ExampleEvents.promotionAndRetractionResults().stream());
    }

    @org.junit.jupiter.api.Test
    void theNewFieldsAreAbsentOnTheWireUnlessSet() {
        String plain = EventCodec.toJson(ExampleEvents.buildResult());
        org.junit.jupiter.api.Assertions.assertFalse(plain.contains("promoted") || plain.contains("tagsRemoved"), plain);
        org.junit.jupiter.api.Assertions.assertFalse(EventCodec.toJson(ExampleEvents.tagPlan()).contains("untag"));
        String promoted = EventCodec.toJson(ExampleEvents.promotionAndRetractionResults().get(0));
        org.junit.jupiter.api.Assertions.assertTrue(promoted.contains("\"promoted\":true"), promoted);
        org.junit.jupiter.api.Assertions.assertTrue(EventCodec.toJson(ExampleEvents.retractionPlan()).contains("\"untag\":{"));
        org.junit.jupiter.api.Assertions.assertFalse(EventCodec.toJson(ExampleEvents.refEvent()).contains("commits"));
        String push = EventCodec.toJson(ExampleEvents.branchPushWithCommits());
        org.junit.jupiter.api.Assertions.assertTrue(push.contains("\"commits\":{\"commits\":[{"), push);
        org.junit.jupiter.api.Assertions.assertTrue(push.contains("\"tags\":[\"v1.2.3\"]") && push.indexOf("\"tags\"") == push.lastIndexOf("\"tags\""),
                "tags only where a commit has some: " + push);
        org.junit.jupiter.api.Assertions.assertEquals(ExampleEvents.branchPushWithCommits().eventId(),
                RefEvent.idFor(ExampleEvents.REPO, GitRef.branch("main"), RefChange.UPDATED,
                        ExampleEvents.branchPushWithCommits().oldCommit(), ExampleEvents.COMMIT, null, null), "the commits are not part of the id");
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
