package dev.tagline.listener.poller;

import dev.tagline.listener.ListenerSettings;
import dev.tagline.listener.Polling;
import dev.tagline.listener.repository.RegisteredRepository;
import dev.tagline.listener.repository.RepositoryRegistry;
import dev.tagline.listener.service.Ownership;
import dev.tagline.listener.service.PollerService;
import dev.tagline.listener.service.PollerService.Outcome;
import dev.tagline.listener.service.PollerService.Status;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.TestRepo;
import io.micronaut.context.ApplicationContext;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The poller against real Git repositories and the real broker, with restarts and a second instance. */
class PollerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Map<String, Object> properties(TestRepo repo, String id) {
        Map<String, Object> p = ListenerSettings.quiet(dir.resolve("cache-" + System.nanoTime()));
        p.put("micronaut.server.port", "-1");
        ListenerSettings.repository(p, "polled", id, repo.uri(), "poll-interval", "1h", "branches", "main");
        return p;
    }

    private static ApplicationContext start(Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).environments("test").start();
    }

    private static RegisteredRepository repository(ApplicationContext ctx) {
        return ctx.getBean(RepositoryRegistry.class).find("polled").orElseThrow();
    }

    private static Outcome poll(ApplicationContext ctx) {
        return ctx.getBean(PollerService.class).poll(repository(ctx));
    }

    private static RefEvent onLog(String id) {
        List<RefEvent> found = KafkaProbe.poll(Topics.REF_EVENTS_NAME, null,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 2, Duration.ofSeconds(3))
                .stream().map(r -> Topics.REF_EVENTS.decode(r.value())).toList();
        assertEquals(1, found.size(), "exactly one " + id + " on the log");
        return found.get(0);
    }

    private static RefEvent published(Outcome o) {
        assertEquals(Status.PUBLISHED, o.status(), o.toString());
        assertEquals(1, o.published().size(), o.toString());
        return onLog(o.published().get(0));
    }

    private static String peel(TestRepo repo, String object) {
        try (RevWalk walk = new RevWalk(repo.git().getRepository())) {
            return walk.parseCommit(ObjectId.fromString(object)).name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void newTagAnnotatedTagMovedBranchDeletedTagThenRestartWithoutDuplicates() throws IOException {
        TestRepo repo = GitRepos.create(dir.resolve("repo"));
        String c1 = repo.commit("one", Map.of("a.txt", "1"));
        String id = "example.com/poll/single" + System.nanoTime();
        Map<String, Object> props = properties(repo, id);
        try (ApplicationContext ctx = start(props)) {
            Outcome first = Polling.firstPoll(ctx, "polled", Duration.ofMillis(200));
            RefEvent head = published(first);
            assertEquals(GitRef.branch("main"), head.ref(), "the first poll publishes what the log does not know yet");
            assertEquals(RefChange.CREATED, head.change());
            assertEquals(Status.UNCHANGED, poll(ctx).status());

            repo.tag("v1.0.0");
            RefEvent created = published(poll(ctx));
            assertEquals(GitRef.tag("v1.0.0"), created.ref());
            assertEquals(RefChange.CREATED, created.change());
            assertEquals(CommitSha.parse(c1), created.newCommit());
            assertEquals(Instant.parse("2026-01-01T00:01:00Z"), created.commitTime());
            assertEquals(EventSource.POLLER, created.source());
            assertEquals(id, created.repository().value());

            String tagObject = repo.annotatedTag("v1.1.0", "annotated");
            RefEvent annotated = published(poll(ctx));
            assertEquals(CommitSha.parse(peel(repo, tagObject)), annotated.newCommit(), "peeled, not the tag object");

            String c2 = repo.commit("two", Map.of("a.txt", "2"));
            RefEvent moved = published(poll(ctx));
            assertEquals(GitRef.branch("main"), moved.ref());
            assertEquals(RefChange.UPDATED, moved.change());
            assertEquals(CommitSha.parse(c1), moved.oldCommit());
            assertEquals(CommitSha.parse(c2), moved.newCommit());

            repo.checkout("feature");
            repo.commit("unwatched", Map.of("b.txt", "x"));
            repo.checkout("main");
            assertEquals(Status.UNCHANGED, poll(ctx).status(), "feature is not a watched branch");

            repo.deleteTag("v1.0.0");
            RefEvent deleted = published(poll(ctx));
            assertEquals(RefChange.DELETED, deleted.change());
            assertEquals(CommitSha.parse(c1), deleted.oldCommit());
            assertNull(deleted.newCommit());
        }
        try (ApplicationContext restarted = start(props)) {
            assertEquals(Status.UNCHANGED, Polling.firstPoll(restarted, "polled", Duration.ofMillis(200)).status(), "a restart re-reads the last-seen refs");

            Path moved = dir.resolve("repo-away");
            Files.move(dir.resolve("repo"), moved);
            assertEquals(Status.REMOTE_UNAVAILABLE, poll(restarted).status());
            Files.move(moved, dir.resolve("repo"));
            assertEquals(Status.UNCHANGED, poll(restarted).status(), "an outage emits no deletions");

            repo.tag("v2.0.0");
            assertEquals(GitRef.tag("v2.0.0"), published(poll(restarted)).ref());
        }
    }

    @Test
    void baselineFirstPollRecordsExistingRefsSilently() {
        TestRepo repo = GitRepos.withOneCommit(dir.resolve("baseline"));
        repo.tag("v0.1.0");
        Map<String, Object> props = properties(repo, "example.com/poll/baseline" + System.nanoTime());
        props.put("tagline.listener.first-poll", "baseline");
        try (ApplicationContext ctx = start(props)) {
            assertEquals(Status.BASELINE, Polling.firstPoll(ctx, "polled", Duration.ofMillis(200)).status());
            repo.tag("v0.2.0");
            assertEquals(GitRef.tag("v0.2.0"), published(poll(ctx)).ref());
        }
    }

    @Test
    void twoInstancesPublishEachChangeOnce() {
        TestRepo repo = GitRepos.withOneCommit(dir.resolve("two"));
        Map<String, Object> props = properties(repo, "example.com/poll/pair" + System.nanoTime());
        Map<String, Object> second = new HashMap<>(props);
        second.put("tagline.listener.instance-id", "test-listener-second");
        try (ApplicationContext a = start(props); ApplicationContext b = start(second)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean aOwns;
            boolean bOwns;
            do {
                Polling.pause(Duration.ofMillis(200));
                aOwns = a.getBean(Ownership.class).owns(repository(a));
                bOwns = b.getBean(Ownership.class).owns(repository(b));
            } while (aOwns == bOwns && System.nanoTime() < deadline);
            assertTrue(aOwns != bOwns, "exactly one instance owns the repository");
            ApplicationContext owner = aOwns ? a : b;
            assertEquals(Status.PUBLISHED, Polling.firstPoll(owner, "polled", Duration.ofMillis(200)).status());

            repo.tag("v1.0.0");
            List<String> published = new ArrayList<>();
            for (ApplicationContext ctx : List.of(a, b, a, b)) {
                published.addAll(poll(ctx).published());
            }
            assertEquals(1, published.size(), "one event for one new tag across both instances");
            assertEquals(GitRef.tag("v1.0.0"), onLog(published.get(0)).ref());
        }
    }
}
