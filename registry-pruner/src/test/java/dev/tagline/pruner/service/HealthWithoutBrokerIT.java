package dev.tagline.pruner.service;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker is down (nothing listens on its port): /health still answers at once, liveness is UP, readiness is not. */
class HealthWithoutBrokerIT {
    @Test
    void healthAnswersAtOnceWhileTheBrokerIsDownAndOnlyReadinessFails() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:" + deadPort,
                "micronaut.server.port", -1,
                "tagline.topics.create", false,
                "tagline.pruner.history-timeout", "2s",
                "tagline.pruner.schedule", "0s"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (String path : new String[]{"/health", "/health/liveness", "/health/readiness"}) {
                long t0 = System.nanoTime();
                // the bound is generous for a loaded machine; a blocking Kafka indicator takes its whole request timeout
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("[measure] GET " + path + " with the broker down: HTTP " + r.statusCode() + " in " + ms + " ms: " + r.body());
                if (path.endsWith("liveness")) {
                    assertEquals(200, r.statusCode(), r.body());
                    assertTrue(r.body().contains("UP"), r.body());
                } else {
                    assertEquals(503, r.statusCode(), r.body());
                    assertTrue(r.body().contains("kafka"), r.body());
                }
            }
        }
    }
}
