package dev.tagline.testkit;

import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.topic.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link DeadLetterContract} as a test: extend it on a module's {@code @MicronautTest} with the topic its service
 * consumes, its consumer group and a valid event of that topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DeadLetterContractTest<V extends TaglineEvent> implements KafkaTest {
    private final Topic<V> input;
    private final String consumerGroup;
    private final V validEvent;

    protected DeadLetterContractTest(Topic<V> input, String consumerGroup, V validEvent) {
        this.input = input;
        this.consumerGroup = consumerGroup;
        this.validEvent = validEvent;
    }

    @Test
    void unreadableInputGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        DeadLetterContract.verify(input, consumerGroup, validEvent);
    }
}
