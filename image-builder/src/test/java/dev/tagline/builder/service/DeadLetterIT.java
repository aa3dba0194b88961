package dev.tagline.builder.service;

import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.DeadLetterContractTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest
class DeadLetterIT extends DeadLetterContractTest<TagPlan> {
    DeadLetterIT() {
        super(Topics.TAG_PLANS, "image-builder", ExampleEvents.tagPlan());
    }
}
