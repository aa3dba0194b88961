package dev.tagline.builder.service;

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
        DeadLetterContract.verify(Topics.TAG_PLANS, "image-builder", ExampleEvents.tagPlan());
    }
}
