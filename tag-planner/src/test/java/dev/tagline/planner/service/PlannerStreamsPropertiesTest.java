package dev.tagline.planner.service;

import dev.tagline.schema.kafka.TopicsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The interceptor a burst's single commit relies on is added to the main consumer's, never in place of a user's. */
class PlannerStreamsPropertiesTest {
    private static final String OURS = FetchedOffsetsInterceptor.class.getName();
    private static final PlannerConfig CONFIG = new PlannerConfig("policies", Duration.ofSeconds(10), "tag-planner", "a", "/tmp/state",
            "in-memory", Duration.ofSeconds(1), Duration.ofMillis(100), 0, 1, Duration.ofDays(30));

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "|| " + "dev.tagline.planner.service.FetchedOffsetsInterceptor",
            "main.consumer.interceptor.classes | com.acme.Audit | com.acme.Audit,dev.tagline.planner.service.FetchedOffsetsInterceptor",
            "consumer.interceptor.classes | com.acme.A, com.acme.B | com.acme.A,com.acme.B,dev.tagline.planner.service.FetchedOffsetsInterceptor",
            "interceptor.classes | com.acme.All | com.acme.All,dev.tagline.planner.service.FetchedOffsetsInterceptor",
            "main.consumer.interceptor.classes | dev.tagline.planner.service.FetchedOffsetsInterceptor | dev.tagline.planner.service.FetchedOffsetsInterceptor"})
    void theMainConsumerGetsTheConfiguredInterceptorsThenOurs(String key, String value, String expected) {
        Map<String, String> overrides = new HashMap<>();
        if (key != null) {
            overrides.put(key, value);
        }

        Properties props = PlannerStreams.properties(CONFIG, new TopicsConfig(true, 6, null), "127.0.0.1:9092", overrides, "cluster");

        assertEquals(expected, props.get("main.consumer.interceptor.classes"));
        assertEquals(OURS, expected.substring(expected.lastIndexOf(',') + 1));
    }
}
