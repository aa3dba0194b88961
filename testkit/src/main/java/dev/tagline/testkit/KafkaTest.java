package dev.tagline.testkit;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.test.support.TestPropertyProvider;

import java.util.Map;

/**
 * Implement on a {@code @MicronautTest @TestInstance(PER_CLASS)} class to point the application at
 * the JVM's real test broker. Override {@link #getProperties()} and merge {@link #kafkaProperties()}
 * to add your own.
 */
public interface KafkaTest extends TestPropertyProvider {
    @Override
    @NonNull
    default Map<String, String> getProperties() {
        return kafkaProperties();
    }

    default Map<String, String> kafkaProperties() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }
}
