package dev.tagline.listener.http;

import dev.tagline.listener.ListenerSettings;
import dev.tagline.listener.webhook.Payloads;
import dev.tagline.listener.webhook.Signatures;
import dev.tagline.testkit.FreePorts;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no broker to acknowledge, a valid webhook is answered 503 so that the sender retries. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaDownIT implements TestPropertyProvider {
    static final String SECRET = "down-secret";

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", "127.0.0.1:" + FreePorts.find());
        p.put("kafka.health.enabled", "false");
        p.put("tagline.topics.create", "false");
        p.put("tagline.listener.index-timeout", "2s");
        p.put("tagline.listener.publish-timeout", "2s");
        p.put("tagline.listener.poller-enabled", "false");
        p.put("tagline.listener.schedules-enabled", "false");
        p.put("kafka.producers.tag-listener-events.max.block.ms", "2000");
        ListenerSettings.repository(p, "shop", "github.com/acme/shop", "https://github.com/acme/shop.git", "secret", SECRET);
        return p;
    }

    @Test
    void validWebhookIsAnsweredServiceUnavailableWhenKafkaIsDown() {
        byte[] body = Payloads.load("github/push-branch.json");
        WebhookClient.Answer a = new WebhookClient(server.getURI()).post("github", "application/json", body,
                "X-GitHub-Event", "push", "X-Hub-Signature-256", Signatures.githubSignature(SECRET, body));
        assertEquals(503, a.status());
        assertTrue(a.result().reason().contains("retry"), a.result().reason());
    }

    @Test
    void badInputIsStillRefusedWithoutKafka() {
        WebhookClient.Answer a = new WebhookClient(server.getURI()).post("github", "application/json",
                "nope".getBytes(StandardCharsets.UTF_8), "X-GitHub-Event", "push");
        assertEquals(400, a.status());
    }
}
