package dev.tagline.listener.service;

import dev.tagline.listener.ListenerSettings;
import dev.tagline.listener.config.ReleaseSettings;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.release.CommitReader;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.KafkaProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A branch push whose commits are slow to read from Git does not hold up the other deliveries of its repository: the
 * read happens before the repository's publishing lock (real broker; the Git read is a stand-in that waits).
 */
class SlowCommitReadIT {
    static final CountDownLatch READING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @TempDir
    Path dir;

    /** Reads a push to main "from Git" until the test lets it go. */
    @Singleton
    @Replaces(CommitReader.class)
    @Requires(env = "slow-commits")
    static class SlowCommitReader extends CommitReader {
        SlowCommitReader(ReleaseSettings settings, GitRemotes remotes, MeterRegistry meters) {
            super(settings, remotes, meters);
        }

        @Override
        public RefEvent withCommits(RefEvent event) {
            if (event.ref().isBranch()) {
                READING.countDown();
                try {
                    assertTrue(RELEASE.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return event;
        }
    }

    @Test
    void aTagDeliveryIsPublishedWhileThePushBeforeItReadsItsCommits() throws Exception {
        KafkaProbe.createTopics(2, Topics.REF_EVENTS_NAME);
        RepositoryId repo = RepositoryId.of("git.example/acme/slow-" + UUID.randomUUID().toString().substring(0, 8));
        String url = "https://" + repo.value() + ".git";
        CommitSha a = CommitSha.parse("a".repeat(40));
        CommitSha b = CommitSha.parse("b".repeat(40));
        RefEvent push = RefEvent.create(repo, url, GitRef.branch("main"), RefChange.UPDATED, a, b, null, EventSource.GITHUB, "d-1",
                Instant.now(), "main", null, null);
        RefEvent tag = RefEvent.create(repo, url, GitRef.tag("v1.0.0"), RefChange.CREATED, null, b, null, EventSource.GITHUB, "d-2",
                Instant.now(), "main", null, null);
        Map<String, Object> p = ListenerSettings.quiet(dir.resolve("cache"));
        p.put("micronaut.server.port", "-1");
        try (ApplicationContext ctx = ApplicationContext.builder().properties(p).environments("test", "slow-commits").start()) {
            RefEventPublisher publisher = ctx.getBean(RefEventPublisher.class);
            CompletableFuture<PublishResult> pushed = CompletableFuture.supplyAsync(() -> {
                try {
                    return publisher.publish(List.of(push));
                } catch (KafkaUnavailableException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                assertTrue(READING.await(60, TimeUnit.SECONDS), "the push is reading its commits");
                assertEquals(List.of(tag.id()), publisher.publish(List.of(tag)).published(), "published while the push reads");
                assertFalse(pushed.isDone());
            } finally {
                RELEASE.countDown();
            }
            assertEquals(List.of(push.id()), pushed.get(60, TimeUnit.SECONDS).published());
            assertEquals(List.of(tag.id()), publisher.publish(List.of(tag)).duplicates(), "a redelivery is still a duplicate");
        }
    }
}
