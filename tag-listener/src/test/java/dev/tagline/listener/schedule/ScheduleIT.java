package dev.tagline.listener.schedule;

import dev.tagline.listener.ListenerSettings;
import dev.tagline.listener.service.Ownership;
import dev.tagline.listener.service.ScheduleService;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.TestRepo;
import dev.tagline.listener.webhook.Signatures;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules against the real broker and a real repository, ticking with chosen instants. */
class ScheduleIT {
    @TempDir
    Path dir;

    private ApplicationContext start(TestRepo repo, String id) {
        return ApplicationContext.builder().properties(properties(repo, id)).environments("test").start();
    }

    private Map<String, Object> properties(TestRepo repo, String id) {
        Map<String, Object> p = ListenerSettings.quiet(dir.resolve("cache"));
        ListenerSettings.repository(p, "nightly-repo", id, repo.uri());
        p.put("tagline.schedules.nightly.repository", "nightly-repo");
        p.put("tagline.schedules.nightly.branch", "main");
        p.put("tagline.schedules.nightly.cron", "0 2 * * *");
        p.put("tagline.schedules.nightly.zone", "Europe/Berlin");
        return p;
    }

    private static ApplicationContext awaitOwnership(ApplicationContext ctx, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ctx.getBean(Ownership.class).owns(RepositoryId.of(id)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return ctx;
    }

    private static List<RefEvent> scheduledEvents(String id, int atLeast, Duration wait) {
        return KafkaProbe.poll(Topics.REF_EVENTS_NAME, null,
                        r -> new String(r.key(), StandardCharsets.UTF_8).equals(id), atLeast, wait)
                .stream().map(r -> Topics.REF_EVENTS.decode(r.value())).toList();
    }

    @Test
    void firesEachSlotOnceAndAMissedRunOnceAfterARestart() {
        TestRepo repo = GitRepos.create(dir.resolve("repo"));
        String head = repo.commit("nightly", Map.of("a.txt", "1"));
        String id = "example.com/sched/nightly" + System.nanoTime();
        Instant inTwoDays = Instant.now().plus(2, ChronoUnit.DAYS);
        Instant firstSlot = CronExpression.parse("0 2 * * *").latestAtOrBefore(inTwoDays, java.time.ZoneId.of("Europe/Berlin")).orElseThrow();
        Instant fiveNightsLater = inTwoDays.plus(5, ChronoUnit.DAYS);
        Instant lastSlot = CronExpression.parse("0 2 * * *").latestAtOrBefore(fiveNightsLater, java.time.ZoneId.of("Europe/Berlin")).orElseThrow();

        try (ApplicationContext ctx = awaitOwnership(start(repo, id), id)) {
            ScheduleService schedules = ctx.getBean(ScheduleService.class);
            assertEquals(List.of(), schedules.tick(Instant.now()), "a new schedule does not fire a slot from before it started");
            List<String> fired = schedules.tick(inTwoDays);
            assertEquals(1, fired.size());
            assertEquals(List.of(), schedules.tick(inTwoDays), "a slot fires once");
        }
        try (ApplicationContext restarted = awaitOwnership(start(repo, id), id)) {
            ScheduleService schedules = restarted.getBean(ScheduleService.class);
            assertEquals(List.of(), schedules.tick(inTwoDays), "the restart reads the fired slot from the log");
            List<String> missed = schedules.tick(fiveNightsLater);
            assertEquals(1, missed.size(), "five missed nights fire once");
            assertEquals(List.of(), schedules.tick(fiveNightsLater.plusSeconds(30)));
        }
        List<RefEvent> events = scheduledEvents(id, 3, Duration.ofSeconds(5));
        assertEquals(2, events.size());
        for (RefEvent e : events) {
            assertEquals(RefChange.SCHEDULED, e.change());
            assertEquals(EventSource.SCHEDULE, e.source());
            assertEquals(GitRef.branch("main"), e.ref());
            assertEquals(CommitSha.parse(head), e.newCommit());
            assertEquals("nightly", e.schedule().name());
            assertTrue(e.commitTime() != null);
        }
        assertEquals(firstSlot, events.get(0).schedule().slot());
        assertEquals(lastSlot, events.get(1).schedule().slot());
    }

    @Test
    void anOperatorRunsAScheduleNowWithASignedRequest() throws Exception {
        TestRepo repo = GitRepos.create(dir.resolve("repo"));
        String head = repo.commit("nightly", Map.of("a.txt", "1"));
        String id = "example.com/sched/now" + System.nanoTime();
        Map<String, Object> p = properties(repo, id);
        p.put("micronaut.server.port", -1);
        p.put("tagline.repositories.nightly-repo.secret", "s3cret");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p, "test")) {
            HttpClient http = HttpClient.newHttpClient();
            URI run = server.getURI().resolve("/schedules/nightly/run");
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(run).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unsigned.statusCode(), unsigned.body());
            assertTrue(!unsigned.body().contains("s3cret"), "the secret is never echoed");
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(server.getURI().resolve("/schedules/weekly/run"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode(), unknown.body());
            byte[] missed = "{\"at\": \"2026-03-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> forItsDate = http.send(HttpRequest.newBuilder(run).header("Content-Type", "application/json")
                    .header("X-Tagline-Signature-256", Signatures.githubSignature("s3cret", missed))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(missed)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, forItsDate.statusCode(), forItsDate.body());
            assertEquals(List.of(), server.getApplicationContext().getBean(dev.tagline.listener.service.ScheduleService.class)
                    .tick(java.time.Instant.now()), "an old slot run by hand is not the schedule's progress: no slot since counts as missed");
            HttpResponse<String> signed = http.send(HttpRequest.newBuilder(run).header("Content-Type", "application/json")
                    .header("X-Tagline-Signature-256", Signatures.githubSignature("s3cret", body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, signed.statusCode(), signed.body());
            HttpResponse<String> unsignedSlot = http.send(HttpRequest.newBuilder(URI.create(run + "?at=2026-03-02T00:00:00Z"))
                    .header("X-Tagline-Signature-256", Signatures.githubSignature("s3cret", body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unsignedSlot.statusCode(), "a slot outside the signed body is refused: " + unsignedSlot.body());
        }
        List<RefEvent> events = scheduledEvents(id, 2, Duration.ofSeconds(30));
        assertEquals(2, events.size());
        assertTrue(events.stream().anyMatch(e -> e.schedule().slot().equals(java.time.Instant.parse("2026-03-01T00:00:00Z"))),
                "the missed nightly carries its own slot");

        events = events.stream().filter(e -> !e.schedule().slot().equals(java.time.Instant.parse("2026-03-01T00:00:00Z"))).toList();
        assertEquals(RefChange.SCHEDULED, events.get(0).change());
        assertEquals(CommitSha.parse(head), events.get(0).newCommit());
        assertEquals("nightly", events.get(0).schedule().name());
        assertEquals(0, events.get(0).schedule().slot().getNano(), "the slot is the second it ran");
    }

    @Test
    void theCommandLineRunsAMissedSlotForItsDate() throws Exception {
        TestRepo repo = GitRepos.create(dir.resolve("repo"));
        repo.commit("nightly", Map.of("a.txt", "1"));
        String id = "example.com/sched/cli" + System.nanoTime();
        Map<String, Object> p = properties(repo, id);
        p.put("micronaut.server.port", -1);
        p.put("tagline.repositories.nightly-repo.secret", "s3cret");
        Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p, "test")) {
            String listener = server.getURI().toString();
            CliRun fired = CliRun.of("schedule", "run", "nightly", "--at", "2026-03-04T00:00:00Z", "--listener", listener,
                    "--secret-file", secret.toString());
            assertEquals(0, fired.exit(), fired.err());
            assertTrue(fired.out().strip().startsWith("ref-"), "the published event id is printed: " + fired.out());

            CliRun unsigned = CliRun.of("schedule", "run", "nightly", "--listener", listener);
            assertEquals(1, unsigned.exit(), "the listener refuses an unsigned run: " + unsigned.err());
            assertTrue(unsigned.err().contains("401") && !unsigned.err().contains("s3cret"), unsigned.err());

            CliRun unknown = CliRun.of("schedule", "run", "weekly", "--listener", listener, "--secret-file", secret.toString(),
                    "--output", "json");
            assertEquals(1, unknown.exit());
            assertTrue(unknown.out().contains("\"status\": 404"), unknown.out());

            CliRun future = CliRun.of("schedule", "run", "nightly", "--at", "2999-01-01T00:00:00Z", "--listener", listener);
            assertEquals(2, future.exit(), "a future slot is a usage error: " + future.err());
            CliRun nowhere = CliRun.of("schedule", "run", "nightly", "--listener", "http://127.0.0.1:9");
            assertEquals(1, nowhere.exit(), nowhere.err());
            assertTrue(nowhere.err().contains("cannot reach tag-listener"), nowhere.err());
        }
        List<RefEvent> events = scheduledEvents(id, 1, Duration.ofSeconds(30));
        assertEquals(1, events.size(), "one event: the refused runs published nothing");
        assertEquals(java.time.Instant.parse("2026-03-04T00:00:00Z"), events.get(0).schedule().slot());
    }

    private record CliRun(int exit, String out, String err) {
        static CliRun of(String... args) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int exit = dev.tagline.listener.cli.Cli.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                    new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
