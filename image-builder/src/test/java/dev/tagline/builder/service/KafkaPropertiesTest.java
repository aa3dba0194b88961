package dev.tagline.builder.service;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaPropertiesTest {

    private static Map<String, Object> producer(Map<String, Object> settings) {
        Environment env = new DefaultEnvironment(List::of);
        env.addPropertySource(PropertySource.of("test", settings));
        env.start();
        try {
            return KafkaProperties.producer(env, "i1");
        } finally {
            env.stop();
        }
    }

    @Test
    void backToBackTransactionsRetryAfterTenMillisecondsUnlessConfiguredOtherwise() {
        assertEquals("10", producer(Map.of("kafka.bootstrap.servers", "127.0.0.1:9")).get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG));
        assertEquals("50", String.valueOf(producer(Map.of("kafka.bootstrap.servers", "127.0.0.1:9",
                "kafka.producers.image-builder-results.retry.backoff.ms", "50")).get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)));
    }

    @Test
    void theTransactionalIdIsTheInstancesWhateverTheSettingsSay() {
        Map<String, Object> p = producer(Map.of("kafka.producers.default.transactional.id", "other"));
        assertEquals("tagline-image-builder-i1", p.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
    }
}
