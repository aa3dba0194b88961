package dev.tagline.planner.service;

import dev.tagline.policy.PolicyParser;
import dev.tagline.schema.event.CommitRange;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Releases from Conventional Commits through the planner topology: one decision per push, on git.release-decisions. */
class ReleaseDecisionProcessorTest {
    static final String REPO = "github.com/acme/shop";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String POLICY = "repository: " + REPO + "\n"
            + "images: [registry.acme.dev/acme/shop]\n"
            + "recipe:\n  base: scratch\n  layers:\n    - {name: app, source: app, target: /app}\n"
            + "release:\n  branches: [main, release/1.x]\n";

    @TempDir
    Path stateDir;
    private final PlanProcessorTest.Policies policies = new PlanProcessorTest.Policies();
    private TestTopology topology;
    private TestInputTopic<byte[], byte[]> refEvents;
    private TestOutputTopic<byte[], byte[]> decisions;

    void start(String policy) {
        policies.set(PolicyParser.parse("shop.yml", policy));
        topology = new TestTopology(policies, NOW, stateDir, true);
        refEvents = topology.refEvents;
        decisions = topology.output(Topics.RELEASE_DECISIONS_NAME);
    }

    @AfterEach
    void stop() {
        if (topology != null) {
            topology.close();
        }
    }

    static CommitSha sha(int n) {
        return CommitSha.parse(String.format("%040x", 0xc0ffee000L + n));
    }

    static RefEvent push(String branch, EventSource source, GitCommit... newestFirst) {
        return RefEvent.create(RepositoryId.of(REPO), "https://" + REPO + ".git", GitRef.branch(branch), RefChange.UPDATED,
                newestFirst[newestFirst.length - 1].sha(), newestFirst[0].sha(), NOW, source, null, NOW, "main", null, null)
                .withCommits(new CommitRange(List.of(newestFirst), false));
    }

    static GitCommit commit(int n, String subject, String... tags) {
        return new GitCommit(sha(n), "Dev <dev@example.com>", subject, "", List.of(tags));
    }

    void send(RefEvent e) {
        refEvents.pipeInput(REPO.getBytes(StandardCharsets.UTF_8), Topics.REF_EVENTS.encode(e));
    }

    List<ReleaseDecision> decisions() {
        return decisions.readValuesToList().stream().map(Topics.RELEASE_DECISIONS::decode).toList();
    }

    @Test
    void aFeatPushedToMainAfterV123IsDecidedAsV130OnceForEveryDelivery() {
        start(POLICY);
        RefEvent webhook = push("main", EventSource.GITHUB, commit(2, "feat(api): search"), commit(1, "init", "v1.2.3"));
        send(webhook);
        send(push("main", EventSource.POLLER, commit(2, "feat(api): search"), commit(1, "init", "v1.2.3")));
        List<ReleaseDecision> out = decisions();
        assertEquals(1, out.size(), out.toString());
        ReleaseDecision d = out.get(0);
        assertEquals("v1.3.0", d.tagName());
        assertEquals("1.3.0", d.version());
        assertEquals("final", d.kind());
        assertEquals("v1.2.3", d.previousTag());
        assertEquals(sha(2), d.commit());
        assertEquals(webhook.eventId(), d.sourceEventId());
        assertTrue(d.changelog().contains("* **api:** search (" + sha(2).shortSha(7) + ")"), d.changelog());
        assertEquals(ReleaseDecision.idFor(RepositoryId.of(REPO), "v1.3.0", sha(2)), d.decisionId());
    }

    @Test
    void aMaintenanceFixIsAPatchWithinItsLineAndAReplayDecidesNothing() {
        start(POLICY);
        RefEvent fix = push("release/1.x", EventSource.GITHUB, commit(11, "fix: backport"), commit(10, "old", "v1.1.4"));
        send(fix);
        assertEquals(List.of("v1.1.5"), decisions().stream().map(ReleaseDecision::tagName).toList());
        send(fix.asReplay("run-1", false, NOW));
        assertEquals(List.of(), decisions());
    }

    @Test
    void noReleasableCommitsAndDryRun() {
        start(POLICY.replace("release/1.x]\n", "release/1.x]\n  dryRun: true\n"));
        send(push("main", EventSource.GITHUB, commit(21, "chore: deps"), commit(20, "init", "v1.2.3")));
        assertEquals(List.of(), decisions());
        send(push("main", EventSource.GITHUB, commit(22, "fix: x"), commit(21, "chore: deps"), commit(20, "init", "v1.2.3")));
        List<ReleaseDecision> out = decisions();
        assertEquals(1, out.size());
        assertTrue(out.get(0).dryRun());
        assertEquals("v1.2.4", out.get(0).tagName());
    }

    @Test
    void aTagSeenEarlierAtAnotherCommitIsNeverReTagged() {
        start(POLICY);
        // v1.3.0 was released from a history that a force-push then rewrote
        send(RefEvent.create(RepositoryId.of(REPO), "https://" + REPO + ".git", GitRef.tag("v1.3.0"), RefChange.CREATED, null, sha(99), NOW,
                EventSource.GITHUB, null, NOW, "main", null, null));
        send(push("main", EventSource.GITHUB, commit(31, "feat: again"), commit(30, "init", "v1.2.3")));
        assertEquals(List.of("v1.4.0"), decisions().stream().map(ReleaseDecision::tagName).toList());
    }
}
