package dev.tagline.listener.http;

import dev.tagline.listener.ListenerSettings;
import dev.tagline.listener.Polling;
import dev.tagline.listener.service.PollerStateStore;
import dev.tagline.listener.webhook.Signatures;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaBroker;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.TestRepo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker goes away (stopped like a SIGTERM, same port and data directory) and comes back: the
 * listener's readers and webhooks recover by themselves, without a restart of the listener. While it
 * is away, /health answers at once (DOWN), liveness stays UP, readiness is DOWN, and a webhook is
 * accepted (202) and published after the broker returns, once; a tag pushed meanwhile whose webhook
 * never arrived is published too, once, by the reconciles that follow (the hand-off's, and the one
 * every repository gets when the broker is back).
 */
class BrokerOutageIT {
    private static final String SECRET = "outage-secret";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The whole answer, not only the connection: a /health that blocks on the broker fails here. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);
    /** For waiting on a state change: the first requests of a cold JVM on a busy machine may be slow. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @TempDir
    Path dir;

    @Test
    void tailerAndWebhooksRecoverByThemselvesAfterTheBrokerComesBack() throws Exception {
        TestRepo repo = GitRepos.create(dir.resolve("repo"));
        String commit = repo.commit("one", Map.of("a.txt", "1"));
        String id = "example.com/outage/r" + System.nanoTime();
        Map<String, Object> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        p.put("micronaut.server.port", "-1");
        p.put("tagline.listener.cache-dir", dir.resolve("cache").toString());
        p.put("tagline.listener.index-timeout", "2s");
        p.put("tagline.listener.publish-timeout", "2s");
        p.put("kafka.producers.tag-listener-events.max.block.ms", "2000");
        p.put("tagline.listener.schedules-enabled", "false");
        // no periodic poll during the test: what the outage webhook announced must come through its hand-off
        ListenerSettings.repository(p, "shop", id, repo.uri(), "provider", "generic", "secret", SECRET, "reconcile-interval", "1h");
        p.put("tagline.listener.first-poll", "baseline");
        KafkaBroker broker = KafkaBroker.shared();
        try (ApplicationContext ctx = ApplicationContext.builder().properties(p).environments("test").start()) {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
            URI base = server.getURI();
            awaitStatus(base, "/health/readiness", s -> s == 200, "readiness UP at start");
            // a listener that has run a while: its first reconcile recorded the baseline before the outage
            PollerStateStore states = ctx.getBean(PollerStateStore.class);
            long baselineDeadline = System.nanoTime() + WAIT.toNanos();
            while (states.get(RepositoryId.of(id)).isEmpty() && System.nanoTime() < baselineDeadline) {
                Polling.pause(Duration.ofMillis(200));
            }
            assertTrue(states.get(RepositoryId.of(id)).isPresent(), "the first reconcile recorded a baseline");

            repo.tag("v1.0.0");
            WebhookClient.Answer before = webhook(base, id, "v1.0.0", commit);
            assertEquals(202, before.status(), before.result().reason());
            assertEquals(1, before.result().published().size(), before.result().reason());

            broker.stopForFault();
            try {
                awaitStatus(base, "/health/readiness", s -> s == 503, "readiness DOWN while the broker is away");
                assertEquals(503, health(base, "/health"), "/health answers (DOWN) while the broker is away");
                assertEquals(200, health(base, "/health/liveness"), "liveness stays UP: a restart would not help");

                repo.tag("v2.0.0");
                WebhookClient.Answer during = webhook(base, id, "v2.0.0", commit);
                assertEquals(202, during.status(), "accepted while the broker is away: " + during.result().reason());
                assertTrue(during.result().reason().contains("reconciliation"), during.result().reason());
                assertEquals(List.of(), during.result().published());
                // a push whose webhook never reached the listener (an ingress answered 503 meanwhile)
                repo.tag("v2.1.0");
            } finally {
                broker.restart();
            }

            awaitStatus(base, "/health/readiness", s -> s == 200, "readiness UP again without a restart");
            repo.tag("v3.0.0");
            WebhookClient.Answer after = awaitPublished(base, id, "v3.0.0", commit);
            assertEquals(1, after.result().published().size(), after.result().reason());

            Map<String, Integer> counts = tagEventsOnLog(id, 4);
            assertEquals(Map.of("refs/tags/v1.0.0", 1, "refs/tags/v2.0.0", 1, "refs/tags/v2.1.0", 1, "refs/tags/v3.0.0", 1), counts,
                    "each tag once, the one announced during the outage and the one never announced included");
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertTrue(meters.find("tagline.listener.reader.failures").tag("reader", "event-index").counter().count() > 0,
                    "the outage is visible in the reader's failure count");
        }
    }

    /** The first webhook after readiness may still meet a producer reconnecting; the sender would retry on 503. */
    private WebhookClient.Answer awaitPublished(URI base, String id, String tag, String commit) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        WebhookClient.Answer a;
        do {
            a = webhook(base, id, tag, commit);
            if (a.status() == 202 && !a.result().published().isEmpty()) {
                return a;
            }
            Polling.pause(Duration.ofMillis(500));
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not published after the broker came back: " + a.status() + " " + a.result().reason());
    }

    private static WebhookClient.Answer webhook(URI base, String id, String tag, String commit) {
        byte[] body = ("{\"repository\":\"" + id + "\",\"ref\":\"refs/tags/" + tag + "\",\"after\":\"" + commit + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return new WebhookClient(base).post("generic", "application/json", body,
                "X-Tagline-Signature-256", Signatures.githubSignature(SECRET, body));
    }

    private int health(URI base, String path) throws IOException, InterruptedException {
        return health(base, path, HEALTH_TIMEOUT);
    }

    private int health(URI base, String path, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitStatus(URI base, String path, IntPredicate wanted, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int last;
        do {
            last = health(base, path, POLL_TIMEOUT);
            if (wanted.test(last)) {
                return;
            }
            Polling.pause(Duration.ofMillis(200));
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": " + path + " still answers " + last + " after " + WAIT);
    }

    private static Map<String, Integer> tagEventsOnLog(String id, int expected) {
        Map<String, Integer> counts = new HashMap<>();
        KafkaProbe.poll(Topics.REF_EVENTS_NAME, null, r -> new String(r.value(), StandardCharsets.UTF_8).contains(id),
                        expected + 10, Duration.ofSeconds(5)).stream()
                .map(r -> Topics.REF_EVENTS.decode(r.value()))
                .filter(e -> e.ref().isTag())
                .forEach(e -> counts.merge(e.ref().value(), 1, Integer::sum));
        return counts;
    }
}
