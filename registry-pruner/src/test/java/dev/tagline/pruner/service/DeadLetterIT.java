package dev.tagline.pruner.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.example.ExampleEvents;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.DeadLetterContractTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest
class DeadLetterIT extends DeadLetterContractTest<BuildResult> {
    DeadLetterIT() {
        super(Topics.BUILD_RESULTS, "registry-pruner", ExampleEvents.buildResult());
    }
}
