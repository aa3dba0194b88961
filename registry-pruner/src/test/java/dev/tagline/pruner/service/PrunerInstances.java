package dev.tagline.pruner.service;

import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.KafkaBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What the tests running several pruner instances on the real broker and registry share (TwoInstancesIT, RebalanceMidRunIT). */
final class PrunerInstances {
    private PrunerInstances() {
    }

    /** An applied (not dry-run) instance in consumer group {@code groupId}, on the shared broker, with a short session timeout. */
    static Map<String, Object> settings(String groupId, String instanceId, Path policies, String registryHostPort,
                                        String debounce, String schedule) {
        Map<String, Object> p = new HashMap<>();
        p.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        p.put("micronaut.server.port", -1);
        p.put("tagline.pruner.policy-dir", policies.toString());
        p.put("tagline.pruner.apply", "true");
        p.put("tagline.pruner.debounce", debounce);
        p.put("tagline.pruner.schedule", schedule);
        p.put("tagline.pruner.insecure-registries", registryHostPort);
        p.put("tagline.pruner.group-id", groupId);
        p.put("tagline.pruner.instance-id", instanceId);
        p.put("tagline.pruner.session-timeout-ms", "6000");
        return p;
    }

    /** A policy directory whose one file prunes the {@code sha-*} tags of these images older than a day. */
    static Path olderThanADay(String fileName, List<ImageRepository> images) throws IOException {
        Path dir = Files.createTempDirectory("policies");
        Files.writeString(dir.resolve(fileName), """
                images: [%s]
                retention:
                  candidates: ["sha-*"]
                  keepWithin: 1d
                  gracePeriod: 0s
                """.formatted(String.join(", ", images.stream().map(ImageRepository::value).toList())));
        return dir;
    }

    /** A succeeded build of {@code image} at {@code at}, as image-builder publishes it. */
    static BuildResult built(RepositoryId source, ImageRepository image, String variant, Digest digest, Instant at, String... tags) {
        String planId = "plan-" + variant + "-" + image.name() + "-" + at.toEpochMilli();
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(planId, variant), planId, "event-" + variant,
                source, CommitSha.parse("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"), variant, BuildStatus.SUCCEEDED, digest,
                "application/vnd.oci.image.manifest.v1+json", List.of(),
                List.of(new PushedTags(image, List.of(tags).stream().map(ImageTag::parse).toList())), List.of(),
                10, 0, null, null, at.minusSeconds(5), at);
    }

    /** Whether the registry holds the digest; null when it could not be asked. */
    static Boolean exists(RegistryClient client, ImageRepository image, Digest d) {
        try {
            return client.resolve(image, d).isPresent();
        } catch (Exception e) {
            return null;
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting: " + what);
    }
}
