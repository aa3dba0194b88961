package dev.tagline.builder.service;

import dev.tagline.testkit.FreePorts;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No broker at all (nothing listens on the bootstrap port): {@code /health} still answers at once,
 * readiness is DOWN and says why, liveness is UP (restarting would not bring the broker back).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "tagline.topics.create", value = "false")
@Property(name = "tagline.builder.instance-id", value = "health-without-broker")
class HealthWithoutBrokerIT implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + FreePorts.find());
    }

    @Test
    void healthAnswersAtOnceWithReadinessDownAndLivenessUp() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        get(http, "/health"); // the first request of a fresh server loads the HTTP stack: not measured
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> health = timed(http, "/health");
            assertEquals(503, health.statusCode(), health.body());
            HttpResponse<String> readiness = timed(http, "/health/readiness");
            assertEquals(503, readiness.statusCode(), readiness.body());
            assertTrue(readiness.body().contains("\"reachable\":false"), readiness.body());
            HttpResponse<String> liveness = timed(http, "/health/liveness");
            assertEquals(200, liveness.statusCode(), liveness.body());
            Thread.sleep(300);
        }
    }

    private HttpResponse<String> timed(HttpClient http, String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(http, path);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, path + " answered in " + ms + " ms");
        return r;
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
