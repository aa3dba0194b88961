package dev.tagline.schema.kafka;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySource.PropertyConvention;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PassThroughSettingsTest {

    @Test
    void environmentVariablesReachKafkaUnderTheirDottedNames() {
        try (Environment env = context(Map.of(), Map.of(
                "TAGLINE_PLANNER_STREAMS_PRODUCER_LINGER_MS", "20",
                "TAGLINE_PLANNER_STREAMS_NUM_STANDBY_REPLICAS", "1",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"))) {
            assertEquals(Map.of("producer.linger.ms", "20", "num.standby.replicas", "1"),
                    PassThroughSettings.under(env, "tagline.planner.streams"));
            assertEquals("SASL_SSL", PassThroughSettings.under(env, "kafka").get("security.protocol"));
        }
    }

    @Test
    void aFileSettingIsPassedAsWritten() {
        try (Environment env = context(
                Map.of("tagline.planner.streams.producer.linger.ms", "5", "tagline.planner.streams.topology.optimization", "all"),
                Map.of())) {
            assertEquals(Map.of("producer.linger.ms", "5", "topology.optimization", "all"),
                    PassThroughSettings.under(env, "tagline.planner.streams"));
        }
    }

    @Test
    void nestedSectionsAreNotSettings() {
        try (Environment env = context(Map.of("kafka.bootstrap.servers", "b:9092", "kafka.consumers.default.max.poll.records", "5"),
                Map.of())) {
            assertEquals(Map.of("bootstrap.servers", "b:9092", "consumers.default.max.poll.records", "5"),
                    PassThroughSettings.under(env, "kafka"));
            assertEquals(Map.of("max.poll.records", "5"), PassThroughSettings.under(env, "kafka.consumers.default"));
        }
    }

    /** An environment only: a started context would start the module's Kafka beans. */
    private static Environment context(Map<String, Object> file, Map<String, Object> environmentVariables) {
        Environment env = new DefaultEnvironment(() -> List.of("test"));
        env.addPropertySource(PropertySource.of("file", file));
        env.addPropertySource(PropertySource.of("env", environmentVariables, PropertyConvention.ENVIRONMENT_VARIABLE));
        return env.start();
    }
}
