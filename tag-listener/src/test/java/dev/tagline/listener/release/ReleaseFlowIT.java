package dev.tagline.listener.release;

import dev.tagline.listener.ListenerSettings;
import dev.tagline.listener.Polling;
import dev.tagline.listener.service.PollerService.Outcome;
import dev.tagline.listener.service.PollerService.Status;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.topic.DeadLetterHeaders;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.GitDaemon;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.TestRepo;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tag-listener's part of releases from commits, against the real broker and a real Git server (git
 * daemon): a branch push carries its commits; a release decision becomes one pushed annotated tag and
 * one tag event, whatever the redeliveries; a tag name taken at another commit is dead-lettered once.
 */
class ReleaseFlowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void pushCarriesCommitsAndADecisionBecomesOneTagAndOneTagEvent() throws Exception {
        String name = "shop" + UUID.randomUUID().toString().substring(0, 8);
        String id = "git.example/acme/" + name;
        try (TestRepo repo = GitRepos.create(dir.resolve("served/" + name)); GitDaemon daemon = GitDaemon.serve(dir.resolve("served"))) {
            repo.commit("chore: init", Map.of("a", "1"));
            repo.annotatedTag("v1.2.3", "1.2.3");
            String feat = repo.commit("feat(api): search", Map.of("a", "2"));
            Map<String, Object> p = ListenerSettings.quiet(dir.resolve("cache"));
            p.put("micronaut.server.port", "-1");
            ListenerSettings.repository(p, "shop", id, daemon.url(name), "poll-interval", "1h", "branches", "main");
            p.put("tagline.listener.release.repositories", id);
            try (ApplicationContext ctx = ApplicationContext.builder().properties(p).environments("test").start()) {
                Outcome first = Polling.firstPoll(ctx, "shop", Duration.ofMillis(500));
                assertEquals(Status.PUBLISHED, first.status(), first.toString());
                RefEvent push = onLog(id, e -> e.ref().equals(GitRef.branch("main"))).get(0);
                assertNotNull(push.commits(), "the branch push carries its commits");
                assertEquals(List.of("feat(api): search", "chore: init"), push.commits().commits().stream().map(GitCommit::subject).toList());
                assertEquals(List.of("v1.2.3"), push.commits().commits().get(1).tags());
                assertTrue(onLog(id, e -> e.ref().isTag()).stream().allMatch(e -> e.commits() == null), "tag events carry no commits");

                ReleaseDecision decision = ReleaseDecision.create(RepositoryId.of(id), daemon.url(name), GitRef.branch("main"), CommitSha.parse(feat),
                        "v1.3.0", "1.3.0", "final", "v1.2.3", "## v1.3.0\n\n### Features\n\n* **api:** search (" + feat.substring(0, 7) + ")\n",
                        true, false, push.eventId(), Instant.parse("2026-12-01T10:00:00Z"));
                send(decision);
                send(decision); // a redelivery
                RefEvent tagEvent = awaitOne(id, e -> e.ref().equals(GitRef.tag("v1.3.0")));
                assertEquals(RefChange.CREATED, tagEvent.change());
                assertEquals(feat, tagEvent.newCommit().value());
                Ref tag = repo.git().getRepository().exactRef("refs/tags/v1.3.0");
                try (RevWalk walk = new RevWalk(repo.git().getRepository())) {
                    RevTag annotated = walk.parseTag(tag.getObjectId());
                    assertEquals(feat, annotated.getObject().name());
                    assertTrue(annotated.getFullMessage().startsWith("## v1.3.0\n\n### Features"), annotated.getFullMessage());
                }
                // the same name decided for another commit: an error, dead-lettered once, the tag untouched
                String other = repo.commit("fix: other", Map.of("a", "3"));
                ReleaseDecision clash = ReleaseDecision.create(RepositoryId.of(id), daemon.url(name), GitRef.branch("main"), CommitSha.parse(other),
                        "v1.3.0", "1.3.0", "final", "v1.2.3", "## v1.3.0\n", true, false, push.eventId(), Instant.parse("2026-12-01T10:01:00Z"));
                send(clash);
                List<ConsumerRecord<byte[], byte[]>> dead = awaitDeadLetters(clash.decisionId());
                assertEquals(1, dead.size());
                assertTrue(KafkaProbe.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE).contains("already exists"),
                        KafkaProbe.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE));
                assertEquals(tag.getObjectId(), repo.git().getRepository().exactRef("refs/tags/v1.3.0").getObjectId());
                assertEquals(1, onLog(id, e -> e.ref().equals(GitRef.tag("v1.3.0"))).size(), "still one tag event");
            }
        }
    }

    private static void send(ReleaseDecision d) {
        KafkaProbe.send(Topics.RELEASE_DECISIONS_NAME, d.repository().value(), Topics.RELEASE_DECISIONS.encode(d));
    }

    private static List<RefEvent> onLog(String id, java.util.function.Predicate<RefEvent> which) {
        return KafkaProbe.poll(Topics.REF_EVENTS_NAME, null, r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 100,
                Duration.ofSeconds(3)).stream().map(r -> Topics.REF_EVENTS.decode(r.value())).filter(which).toList();
    }

    private static RefEvent awaitOne(String id, java.util.function.Predicate<RefEvent> which) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<RefEvent> found = onLog(id, which);
            if (!found.isEmpty()) {
                Polling.pause(Duration.ofMillis(500)); // a second one would come now if it were ever published
                List<RefEvent> again = onLog(id, which);
                assertEquals(1, again.size(), again.toString());
                return again.get(0);
            }
            Polling.pause(Duration.ofMillis(500));
        }
        throw new AssertionError("no such event of " + id + " within " + WAIT);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(String decisionId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> found = KafkaProbe.poll(Topics.RELEASE_DECISIONS.deadLetterName(), null,
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(decisionId), 10, Duration.ofSeconds(2));
            if (!found.isEmpty()) {
                return found;
            }
        }
        throw new AssertionError("no dead letter for " + decisionId);
    }
}
