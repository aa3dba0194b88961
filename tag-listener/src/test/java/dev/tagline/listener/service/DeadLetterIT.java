package dev.tagline.listener.service;

import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.DeadLetterContract;
import dev.tagline.testkit.KafkaTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterIT implements KafkaTest {

    @Test
    void unreadableInputGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        DeadLetterContract.verify(Topics.REF_EVENTS, "tag-listener", ExampleEvents.refEvent());
    }
}
