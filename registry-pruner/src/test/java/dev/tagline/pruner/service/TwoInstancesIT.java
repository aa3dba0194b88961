package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.TestImagesAccess;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static dev.tagline.pruner.service.PrunerInstances.awaitTrue;
import static dev.tagline.pruner.service.PrunerInstances.built;
import static dev.tagline.pruner.service.PrunerInstances.exists;
import static dev.tagline.pruner.service.PrunerInstances.olderThanADay;
import static dev.tagline.pruner.service.PrunerInstances.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two service instances in one consumer group, on the real broker and registry. Every image was first
 * pushed 10 days ago (both instances read that at start); after both started, tagline re-tags one image
 * per repository (a fresh candidate tag): only the owner of that repository's partition sees it. Both
 * run the same schedule. With a stale history the other instance would delete the re-tagged image; it
 * must not. Then one instance stops in the middle of the applied runs: its partitions move (after the
 * session timeout, static membership), the survivor reads their history to the end and finishes the
 * job. No re-tagged image is ever deleted; every other old image goes.
 */
class TwoInstancesIT {
    private static final int REPOSITORIES = 4;
    private static final int OLD_IMAGES = 12;

    private final LocalRegistry registry = LocalRegistry.shared();
    private final RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private record Repo(RepositoryId source, ImageRepository image, List<Digest> old, Digest retagged) {
    }


    private ApplicationContext start(String instance, Path policies) {
        return ApplicationContext.run(settings("registry-pruner-" + run, instance + "-" + run, policies, registry.hostPort(), "200ms", "1s"));
    }

    @Test
    void eachRepositoryIsPrunedByItsOwnerWithCompleteHistoryAcrossARebalance() throws Exception {
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10));
        KafkaProbe.createTopics(6, Topics.BUILD_RESULTS_NAME, Topics.PRUNE_AUDIT_NAME);
        List<Repo> repos = new ArrayList<>();
        for (int r = 0; r < REPOSITORIES; r++) {
            RepositoryId source = RepositoryId.of("github.com/acme/two-" + run + "-" + r);
            ImageRepository image = ImageRepository.of(registry.hostPort(), "acme/two-" + run + "-" + r);
            List<Digest> old = new ArrayList<>();
            for (int i = 0; i < OLD_IMAGES; i++) {
                String tag = String.format("sha-%07d", i);
                // image 0 also carries "hold" (not a candidate) until the re-tag below
                Digest d = i == 0 ? TestImagesAccess.pushTagged(client, image, "two-" + r + "-" + i, tag, "hold")
                        : TestImagesAccess.pushTagged(client, image, "two-" + r + "-" + i, tag);
                KafkaProbe.send(Topics.BUILD_RESULTS_NAME, source.value(), Topics.BUILD_RESULTS.encode(built(source, image, "v" + i, d, tenDaysAgo, tag)));
                old.add(d);
            }
            repos.add(new Repo(source, image, old.subList(1, old.size()), old.get(0)));
        }
        Path dir = olderThanADay("two.yaml", repos.stream().map(Repo::image).toList());

        ApplicationContext a = start("a", dir);
        ApplicationContext b = start("b", dir);
        try {
            PartitionOwnership ownA = a.getBean(PartitionOwnership.class);
            PartitionOwnership ownB = b.getBean(PartitionOwnership.class);
            int partitions = KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME).size();
            awaitTrue(() -> !ownA.owned().isEmpty() && !ownB.owned().isEmpty() && union(ownA, ownB).size() == partitions,
                    "both instances own partitions: a=" + ownA.owned() + " b=" + ownB.owned());
            awaitTrue(() -> repos.stream().allMatch(r -> r.old().stream().allMatch(d -> exists(client, r.image(), d) == Boolean.FALSE)),
                    "the first runs delete the old images; the held one stays");
            // tagline re-tags the held image now (only the owner of its partition consumes this), then "hold" moves away:
            // from here on the image is young only for an instance with the complete history
            for (Repo r : repos) {
                dev.tagline.registry.Manifest m = client.findManifest(r.image(), r.retagged()).orElseThrow();
                client.putManifest(r.image(), ImageTag.parse("sha-fresh"), m.bytes(), m.mediaType());
                KafkaProbe.send(Topics.BUILD_RESULTS_NAME, r.source().value(),
                        Topics.BUILD_RESULTS.encode(built(r.source(), r.image(), "retag", r.retagged(), Instant.now(), "sha-fresh")));
            }
            PushHistoryService histA = a.getBean(PushHistoryService.class);
            PushHistoryService histB = b.getBean(PushHistoryService.class);
            awaitTrue(() -> repos.stream().allMatch(r -> (ownA.owns(r.image()) ? histA : histB).current()
                    .tagPushedAt(r.image(), ImageTag.parse("sha-fresh"), r.retagged()) != null), "each owner recorded its re-tags");
            for (Repo r : repos) {
                TestImagesAccess.pushTagged(client, r.image(), "two-hold-" + r.image().name(), "hold");
            }
            // both schedules run every second; stop b while runs are going on
            Thread.sleep(2500);
            b.close();
            awaitTrue(() -> ownA.owned().size() == partitions, "a owns every partition after b left: " + ownA.owned());
            Thread.sleep(3000); // a few scheduled runs of a on every repository
            for (Repo r : repos) {
                assertEquals(Boolean.TRUE, exists(client, r.image(), r.retagged()), "re-tagged " + r.retagged() + " in " + r.image() + " survives");
                assertTrue(client.resolve(r.image(), ImageTag.parse("sha-fresh")).isPresent());
            }
        } finally {
            b.close();
            a.close();
            client.close();
        }
    }

    private static Set<Integer> union(PartitionOwnership x, PartitionOwnership y) {
        Set<Integer> all = new TreeSet<>(x.owned());
        all.addAll(y.owned());
        return all;
    }


}
