package dev.tagline.listener.replay;

import dev.tagline.listener.cli.Cli;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.KafkaProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tagline replay} end to end through the real broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {
    final RepositoryId repo = RepositoryId.of("example.com/replay/shop" + System.nanoTime());
    final CommitSha a = CommitSha.parse("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    final CommitSha b = CommitSha.parse("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
    RefEvent tagged;
    RefEvent moved;
    RefEvent deleted;

    private RefEvent event(GitRef ref, RefChange change, CommitSha old, CommitSha now, String observed) {
        return RefEvent.create(repo, "https://example.com/replay/shop.git", ref, change, old, now,
                now == null ? null : Instant.parse("2026-11-01T00:00:00Z"), EventSource.POLLER, null,
                Instant.parse(observed), null, null, null);
    }

    @BeforeAll
    void logSomeHistory() {
        KafkaProbe.createTopics(6, Topics.REF_EVENTS_NAME, Topics.REF_EVENTS.deadLetterName());
        tagged = event(GitRef.tag("v1.0.0"), RefChange.CREATED, null, a, "2026-11-20T00:00:00Z");
        moved = event(GitRef.branch("main"), RefChange.UPDATED, a, b, "2026-11-21T00:00:00Z");
        deleted = event(GitRef.tag("v0.9.0"), RefChange.DELETED, a, null, "2026-11-22T00:00:00Z");
        RefEvent otherRepo = RefEvent.create(RepositoryId.of("example.com/replay/other"), "https://x/y.git",
                GitRef.tag("v1.0.0"), RefChange.CREATED, null, a, null, EventSource.POLLER, null,
                Instant.parse("2026-11-20T00:00:00Z"), null, null, null);
        for (RefEvent e : List.of(tagged, otherRepo, moved, tagged.asReplay("old-run", false, Instant.parse("2026-11-21T01:00:00Z")), deleted)) {
            KafkaProbe.send(Topics.REF_EVENTS_NAME, e.repository().value(), Topics.REF_EVENTS.encode(e));
        }
        KafkaProbe.send(Topics.REF_EVENTS_NAME, repo.value(), "garbage".getBytes(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }

    private Run replay(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 4];
        all[0] = "--repository";
        all[1] = repo.value();
        all[2] = "--bootstrap-servers";
        all[3] = KafkaProbe.bootstrap();
        System.arraycopy(args, 0, all, 4, args.length);
        int status = new ReplayCommand(o, e, terminal, Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC))
                .run(ReplayRequest.parse(all, java.util.Map.of()));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private List<RefEvent> replaysOf(String runId, int atLeast) {
        return KafkaProbe.poll(Topics.REF_EVENTS_NAME, null,
                        r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + runId + "\""), atLeast, Duration.ofSeconds(5))
                .stream().map(r -> Topics.REF_EVENTS.decode(r.value())).toList();
    }

    @Test
    void replaysTheRepositorysEventsInOriginalOrderMarkedAsReplays() {
        Run run = replay(true, "--from-beginning", "--rebuild", "--run-id", "run-all");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("replayed 3 event(s)"), run.out());
        assertTrue(run.err().contains("replayed 3/3 ("), "progress on a terminal, on stderr: " + run.err());
        assertTrue(!run.out().contains("replayed 3/3 ("), "stdout is only the result: " + run.out());
        assertTrue(run.err().contains("skipped 1 unreadable"), run.err());

        List<RefEvent> replays = replaysOf("run-all", 4);
        assertEquals(List.of(tagged.id(), moved.id(), deleted.id()),
                replays.stream().map(e -> e.replay().originalEventId()).toList(), "original order");
        for (RefEvent r : replays) {
            assertEquals(EventSource.REPLAY, r.source());
            assertEquals(EventSource.POLLER, r.replay().originalSource());
            assertTrue(r.rebuild());
        }
        assertEquals(moved.newCommit(), replays.get(1).newCommit());

        Run again = replay(false, "--run-id", "run-all");
        assertEquals(0, again.status());
        assertTrue(again.out().contains("replayed 0 event(s)"), again.out());
        assertEquals(3, replaysOf("run-all", 4).size(), "re-running a run publishes nothing twice");
    }

    @Test
    void sinceReplaysOnlyLaterEvents() {
        Run run = replay(false, "--since", "2026-11-21T00:00:00Z", "--run-id", "run-since");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(moved.id(), deleted.id()),
                replaysOf("run-since", 3).stream().map(e -> e.replay().originalEventId()).toList());
    }

    @Test
    void dryRunListsAndPublishesNothing() {
        Run run = replay(false, "--dry-run", "--run-id", "run-dry");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("would replay 3 event(s)"), run.out());
        assertTrue(run.out().contains(tagged.id()) && run.out().contains(deleted.id()));
        assertEquals(List.of(), replaysOf("run-dry", 1));
    }

    @Test
    void cliReportsBadUsageWithStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[]{"replay", "--since", "2026-11-22"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("tagline replay: Missing required option: '--repository=ID'"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(2, Cli.run(new String[]{"frobnicate"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void dryRunAsJsonThroughTheCommandLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[]{"replay", "--repository", repo.value(), "--bootstrap-servers", KafkaProbe.bootstrap(), "--dry-run",
                "--output", "json"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(repo.value(), json.get("repository").asText());
        assertEquals(3, json.get("wouldReplay").size());
        assertEquals(tagged.id(), json.get("wouldReplay").get(0).get("id").asText());
    }

    @Test
    void unreachableKafkaExitsWithStatusOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ReplayCommand(new PrintWriter(new ByteArrayOutputStream()), new PrintWriter(err, true, StandardCharsets.UTF_8),
                false, Clock.systemUTC()).run(ReplayRequest.parse(new String[]{"--repository", repo.value(),
                "--bootstrap-servers", "127.0.0.1:" + dev.tagline.testkit.FreePorts.find()}, java.util.Map.of()));
        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read git.ref-events"));
    }
}
