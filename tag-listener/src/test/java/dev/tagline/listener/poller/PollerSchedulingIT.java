package dev.tagline.listener.poller;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.GitRef;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.KafkaTest;
import dev.tagline.testkit.TestFiles;
import dev.tagline.testkit.TestRepo;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The running service polls on its own: a tag pushed to a polled remote reaches git.ref-events. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollerSchedulingIT implements KafkaTest {
    static final String ID = "example.com/poll/running" + System.nanoTime();
    static final Path DIR = TestFiles.tempDir("poller-running");
    static final TestRepo REPO = GitRepos.create(DIR.resolve("repo"));

    static {
        REPO.commit("one", Map.of("a.txt", "1"));
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(kafkaProperties());
        p.put("tagline.listener.cache-dir", DIR.resolve("cache").toString());
        p.put("tagline.repositories.running.id", ID);
        p.put("tagline.repositories.running.clone-url", REPO.uri());
        p.put("tagline.repositories.running.poll-interval", "1s");
        p.put("tagline.repositories.running.branches", "main");
        return p;
    }

    private static List<RefEvent> events(int atLeast) {
        return KafkaProbe.poll(Topics.REF_EVENTS_NAME, null,
                        r -> ID.equals(new String(r.key(), StandardCharsets.UTF_8)), atLeast, Duration.ofSeconds(60))
                .stream().map(r -> Topics.REF_EVENTS.decode(r.value())).toList();
    }

    @Test
    void aPushedTagIsPublishedByThePollerOnItsOwn() {
        assertEquals(GitRef.branch("main"), events(1).get(0).ref(), "the first poll publishes the head of main");
        REPO.tag("v1.0.0");
        List<RefEvent> all = events(2);
        assertEquals(2, all.size());
        assertEquals(GitRef.tag("v1.0.0"), all.get(1).ref());
        assertEquals(EventSource.POLLER, all.get(1).source());
    }
}
