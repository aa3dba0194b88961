package dev.tagline.pruner.execution;

import dev.tagline.pruner.cli.Cli;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.KafkaBroker;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prune run --kafka}: push times from the real broker's build results, audits back onto it, no Micronaut context. */
class CliKafkaIT {
    @TempDir
    Path dir;

    @Test
    void theCommandLineUsesTaglinesPushTimesAndPublishesItsAudits() throws Exception {
        LocalRegistry registry = LocalRegistry.shared();
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        KafkaProbe.createTopics(2, Topics.BUILD_RESULTS_NAME, Topics.PRUNE_AUDIT_NAME);
        ImageRepository repo = ImageRepository.of(registry.hostPort(), "acme/cli-kafka");
        try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
            Digest young = TestImagesAccess.pushTagged(client, repo, "cli-young", "sha-1111111");
            Digest old = TestImagesAccess.pushTagged(client, repo, "cli-old", "sha-2222222");
            // both configs say 2020 (reproducible builds): only tagline's own push times tell them apart
            KafkaProbe.send(Topics.BUILD_RESULTS_NAME, "github.com/acme/cli", Topics.BUILD_RESULTS.encode(result(repo, "young", young, Instant.now().minus(Duration.ofHours(2)), "sha-1111111")));
            KafkaProbe.send(Topics.BUILD_RESULTS_NAME, "github.com/acme/cli", Topics.BUILD_RESULTS.encode(result(repo, "old", old, Instant.now().minus(Duration.ofDays(40)), "sha-2222222")));
            Path policy = dir.resolve("policy.yaml");
            Files.writeString(policy, "candidates: [sha-*]\nkeepWithin: 30d\ngracePeriod: 1h\n");

            CliRun run = CliRun.of(Cli::run, "prune", "run", "--registry", registry.url().toString(), "--repository", "acme/cli-kafka",
                    "--policy", policy.toString(), "--kafka", bootstrap, "--apply");

            assertEquals(0, run.exit(), run.err() + run.out());
            assertTrue(client.resolve(repo, ImageTag.parse("sha-1111111")).isPresent(), "pushed 2h ago by tagline: kept");
            assertFalse(client.resolve(repo, ImageTag.parse("sha-2222222")).isPresent(), "pushed 40d ago: deleted");
            List<PruneAudit> audits = KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(repo.value()), 6, Duration.ofSeconds(30))
                    .stream().map(r -> Topics.PRUNE_AUDIT.decode(r.value())).toList();
            assertEquals(6, audits.size(), "4 outcomes and the 2 intents written before deleting: " + audits);
            assertEquals(2, audits.stream().filter(PruneAudit::intent).count(), "sha-2222222 and its digest");
            assertTrue(audits.indexOf(audits.stream().filter(PruneAudit::intent).reduce((x, y) -> y).orElseThrow())
                    < audits.indexOf(audits.stream().filter(a -> !a.intent()).findFirst().orElseThrow()), "intents first, in log order");
            assertTrue(audits.stream().anyMatch(a -> a.tag() != null && a.tag().value().equals("sha-2222222") && a.decision() == PruneDecision.DELETED && !a.dryRun()));
            assertTrue(audits.stream().anyMatch(a -> a.tag() != null && a.tag().value().equals("sha-1111111") && a.rule().equals("keep-within:30d")));
        }
    }

    private static BuildResult result(ImageRepository image, String variant, Digest digest, Instant at, String tag) {
        String planId = "cli-plan-" + variant;
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(planId, variant), planId, "cli-event-" + variant,
                RepositoryId.of("github.com/acme/cli"), CommitSha.parse("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"), variant, BuildStatus.SUCCEEDED,
                digest, "application/vnd.oci.image.manifest.v1+json", List.of(), List.of(new PushedTags(image, List.of(ImageTag.parse(tag)))),
                List.of(), 0, 0, null, null, at.minusSeconds(1), at);
    }
}
