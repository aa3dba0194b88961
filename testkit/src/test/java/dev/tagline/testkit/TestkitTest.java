package dev.tagline.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TestkitTest {

    @Test
    void brokerDeliversWhatWasSentAndTracksCommittedOffsets() {
        String topic = "testkit.roundtrip";
        KafkaProbe.createTopics(2, topic);
        var start = KafkaProbe.endOffsets(topic);
        KafkaProbe.send(topic, "github.com/acme/shop", "hello".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(start, 1, Duration.ofSeconds(30));
        assertEquals(1, records.size());
        assertEquals("hello", new String(records.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("github.com/acme/shop", new String(records.get(0).key(), StandardCharsets.UTF_8));
    }

    @Test
    void registryAnswersTheDistributionApi() throws Exception {
        LocalRegistry registry = LocalRegistry.shared();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/v2/_catalog")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("127.0.0.1:" + registry.url().getPort(), registry.hostPort());
    }

    @Test
    void gitRepositoriesAreDeterministic(@TempDir Path a, @TempDir Path b) throws Exception {
        try (TestRepo first = GitRepos.create(a); TestRepo second = GitRepos.create(b)) {
            for (TestRepo repo : List.of(first, second)) {
                repo.commit("initial", Map.of("app/main.sh", "echo hello"));
                repo.tag("v1.0.0");
                repo.commit("second", Map.of("app/main.sh", "echo world"));
                repo.annotatedTag("v1.1.0", "release 1.1.0");
            }
            assertEquals(first.head(), second.head(), "same calls, same commit ids");
            Ref annotated = first.git().getRepository().findRef("refs/tags/v1.1.0");
            Ref peeled = first.git().getRepository().getRefDatabase().peel(annotated);
            assertNotEquals(first.head(), annotated.getObjectId().getName(), "an annotated tag is its own object");
            assertEquals(first.head(), peeled.getPeeledObjectId().getName(), "and peels to the commit");
            first.checkout("dev");
            first.commit("on dev", Map.of("dev.txt", "x"));
            assertNotEquals(first.head(), second.head());
            assertEquals(true, first.uri().startsWith("file:"));
        }
    }
}
