package dev.tagline.listener.poller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.listener.service.WebhookResult;
import dev.tagline.listener.service.WebhookService;
import dev.tagline.listener.webhook.Payloads;
import dev.tagline.listener.webhook.Signatures;
import dev.tagline.listener.webhook.WebhookBody;
import dev.tagline.listener.webhook.WebhookProvider;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaBroker;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.TestRepo;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook repositories are reconciled by a slow poll, so what no webhook announced still arrives,
 * once: five tags pushed at once (GitHub and GitLab send no event for that), and a GitHub {@code create}
 * that could not be completed because the remote could not be read (accepted, handed off).
 */
class ReconcileIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "reconcile-secret";

    @TempDir
    Path dir;

    private Map<String, Object> properties(String cloneUrl, String id, String reconcileInterval) {
        Map<String, Object> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        p.put("micronaut.server.port", "-1");
        p.put("tagline.listener.cache-dir", dir.resolve("cache-" + System.nanoTime()).toString());
        p.put("tagline.listener.schedules-enabled", "false");
        p.put("tagline.repositories.shop.id", id);
        p.put("tagline.repositories.shop.clone-url", cloneUrl);
        p.put("tagline.repositories.shop.secret", SECRET);
        p.put("tagline.repositories.shop.branches", "main");
        p.put("tagline.repositories.shop.reconcile-interval", reconcileInterval);
        return p;
    }

    /** With its HTTP server: the poller starts on the server's start-up event. */
    private static ApplicationContext start(Map<String, Object> properties) {
        ApplicationContext ctx = ApplicationContext.builder().properties(properties).environments("test").start();
        ctx.getBean(EmbeddedServer.class).start();
        return ctx;
    }

    /**
     * Starts a listener that reconciles {@code repo} hourly (a slow interval: what arrives in the test arrives through
     * the hand-off, not the schedule) and waits for its first reconcile to publish the branch head.
     */
    private ApplicationContext startReconcilingHourly(TestRepo repo, String id) {
        ApplicationContext ctx = start(properties(repo.uri(), id, "1h"));
        try {
            assertEquals(1, onLog(id, 1, WAIT).size(), "the first reconcile publishes the branch head");
            return ctx;
        } catch (RuntimeException | Error e) {
            ctx.close();
            throw e;
        }
    }

    /** Ref -> events of that ref on the log for the repository, waiting until {@code atLeast} are there. */
    private static Map<String, List<RefEvent>> onLog(String id, int atLeast, Duration timeout) {
        return KafkaProbe.poll(Topics.REF_EVENTS_NAME, null, r -> new String(r.value(), StandardCharsets.UTF_8).contains(id),
                        atLeast, timeout).stream()
                .map(r -> Topics.REF_EVENTS.decode(r.value()))
                .collect(Collectors.groupingBy(e -> e.ref().value(), TreeMap::new, Collectors.toList()));
    }

    @Test
    void fiveTagsPushedAtOnceWithoutAnyWebhookArriveOnceEach() {
        TestRepo repo = GitRepos.create(dir.resolve("repo"));
        String commit = repo.commit("one", Map.of("a.txt", "1"));
        String id = "example.com/reconcile/five" + System.nanoTime();
        try (ApplicationContext ctx = start(properties(repo.uri(), id, "1s"))) {
            assertEquals(1, onLog(id, 1, WAIT).size(), "the first reconcile publishes the branch head the log does not know");

            byte[] body = ("{\"repository\":\"" + id + "\",\"ref\":\"refs/tags/v1.0.0\",\"after\":\"" + commit + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            repo.tag("v1.0.0");
            WebhookResult viaWebhook = ctx.getBean(WebhookService.class).handle(WebhookProvider.GENERIC,
                    Payloads.headers("X-Tagline-Signature-256", Signatures.githubSignature(SECRET, body)), WebhookBody.json(body));
            assertEquals(202, viaWebhook.status(), viaWebhook.reason());

            for (int i = 0; i < 5; i++) {
                repo.tag("v2.0." + i);
            }
            Map<String, List<RefEvent>> events = onLog(id, 7, WAIT);
            // several more reconciles (every second) must publish nothing again
            Map<String, List<RefEvent>> later = onLog(id, 100, Duration.ofSeconds(5));
            assertEquals(events.keySet(), later.keySet());
            for (int i = 0; i < 5; i++) {
                List<RefEvent> tag = later.get("refs/tags/v2.0." + i);
                assertEquals(1, tag == null ? 0 : tag.size(), "v2.0." + i + " once: " + later.keySet());
                assertEquals(EventSource.POLLER, tag.get(0).source());
            }
            assertEquals(1, later.get("refs/tags/v1.0.0").size(), "the tag a webhook published is not published again");
            assertEquals(EventSource.GENERIC, later.get("refs/tags/v1.0.0").get(0).source());
            assertEquals(1, later.get("refs/heads/main").size());
            assertEquals(7, later.values().stream().mapToInt(List::size).sum());
        }
    }

    @Test
    void githubCreateWhileTheRemoteIsUnreachableIsAcceptedAndPublishedOnceLater() throws IOException {
        TestRepo repo = GitRepos.withOneCommit(dir.resolve("repo"));
        String id = "example.com/reconcile/create" + System.nanoTime();
        try (ApplicationContext ctx = startReconcilingHourly(repo, id)) {
            repo.tag("v3.0.0");
            Path away = dir.resolve("away");
            Files.move(repo.dir(), away);
            ObjectNode create = (ObjectNode) new ObjectMapper().readTree(Payloads.load("github/create-tag.json"));
            create.put("ref", "v3.0.0");
            ((ObjectNode) create.get("repository")).put("clone_url", "https://" + id + ".git");
            byte[] body = new ObjectMapper().writeValueAsBytes(create);
            WebhookResult accepted = ctx.getBean(WebhookService.class).handle(WebhookProvider.GITHUB,
                    Payloads.headers("X-GitHub-Event", "create", "X-Hub-Signature-256", Signatures.githubSignature(SECRET, body)), WebhookBody.json(body));
            assertEquals(202, accepted.status(), accepted.reason());
            assertTrue(accepted.reason().contains("reconciliation"), accepted.reason());
            assertEquals(List.of(), accepted.published());

            Files.move(away, repo.dir());
            Map<String, List<RefEvent>> events = onLog(id, 2, WAIT);
            assertTrue(events.containsKey("refs/tags/v3.0.0"), "published after the remote came back: " + events.keySet());
            Map<String, List<RefEvent>> later = onLog(id, 100, Duration.ofSeconds(3));
            assertEquals(1, later.get("refs/tags/v3.0.0").size(), "once");
        }
    }

    @Test
    void aPushWithoutCommitTimeWhileTheRemoteIsUnreadableIsPublishedLaterWithTheCommitsOwnTime() throws IOException {
        TestRepo repo = GitRepos.withOneCommit(dir.resolve("repo"));
        String id = "example.com/reconcile/undated" + System.nanoTime();
        try (ApplicationContext ctx = startReconcilingHourly(repo, id)) {
            java.time.Instant committed = java.time.Instant.parse("2021-05-06T07:08:09Z");
            String two = repo.commitAt("two", Map.of("a.txt", "2"), committed);
            Path away = dir.resolve("away");
            Files.move(repo.dir(), away);
            // the generic payload carries no commit time, and the remote cannot be read to find it
            byte[] body = ("{\"repository\":\"" + id + "\",\"ref\":\"refs/heads/main\",\"after\":\"" + two + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            WebhookResult accepted = ctx.getBean(WebhookService.class).handle(WebhookProvider.GENERIC,
                    Payloads.headers("X-Tagline-Signature-256", Signatures.githubSignature(SECRET, body)), WebhookBody.json(body));
            assertEquals(202, accepted.status(), accepted.reason());
            assertTrue(accepted.reason().contains("reconciliation"), "not published with a guessed date: " + accepted.reason());
            assertEquals(List.of(), accepted.published());

            Files.move(away, repo.dir());
            Map<String, List<RefEvent>> events = onLog(id, 2, WAIT);
            List<RefEvent> main = events.get("refs/heads/main");
            RefEvent moved = main.stream().filter(e -> e.newCommit().value().equals(two)).findFirst()
                    .orElseThrow(() -> new AssertionError("main at " + two + " published: " + main));
            assertEquals(committed, moved.commitTime(), "dated by the commit itself, not by when the webhook arrived");
            Map<String, List<RefEvent>> later = onLog(id, 100, Duration.ofSeconds(3));
            assertEquals(1, later.get("refs/heads/main").stream().filter(e -> e.newCommit().value().equals(two)).count(), "once");
        }
    }
}
