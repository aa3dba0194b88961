package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.ExecutionReport;
import dev.tagline.pruner.execution.PruneExecutor;
import dev.tagline.pruner.execution.TestImagesAccess;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tagline.pruner.service.PrunerInstances.awaitTrue;
import static dev.tagline.pruner.service.PrunerInstances.built;
import static dev.tagline.pruner.service.PrunerInstances.exists;
import static dev.tagline.pruner.service.PrunerInstances.olderThanADay;
import static dev.tagline.pruner.service.PrunerInstances.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rebalance in the middle of applied runs, on the real broker and registry. Instance A owns every
 * {@code image.build-results} partition and runs an applied prune of one repository per partition at
 * once; each run deletes {@value #PASSED} images and then its delete threads are held (a test hook
 * before each delete). Instance B joins the group: cooperative rebalancing moves some partitions to B,
 * and only then are A's threads let go. For every repository that moved, A must stop at once (no
 * delete after the revocation: exactly the {@value #PASSED} deletes it made before, the rest
 * {@code SKIPPED lock-lost}) and B must finish the job; repositories A kept are finished by A. No kept
 * digest or tag is ever deleted, and every deleted digest is audited {@code DELETED} exactly once.
 * (Both instances share this JVM, so its {@code LocalRunLock} lets B's run of a moved repository start
 * only once A's run returned; A's held deletes are refused by the lost partition lease, not by that lock.)
 */
class RebalanceMidRunIT {
    private static final int OLD = 20;
    private static final int PASSED = 3;
    private static final int THREADS = dev.tagline.pruner.execution.PruneExecutor.DEFAULT_PARALLEL_DELETES;

    private final LocalRegistry registry = LocalRegistry.shared();
    private final RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private record Repo(int partition, RepositoryId source, ImageRepository image, List<Digest> old, Set<Digest> kept, List<String> keptTags) {
    }

    /** Lets {@value #PASSED} deletes of each repository through, then holds every later one until released. */
    private static final class Gate implements PruneExecutor.Hooks {
        final Map<Digest, ImageRepository> repoOf = new ConcurrentHashMap<>();
        final Map<ImageRepository, AtomicInteger> passed = new ConcurrentHashMap<>();
        final Map<ImageRepository, AtomicInteger> held = new ConcurrentHashMap<>();
        final CountDownLatch open = new CountDownLatch(1);

        @Override
        public void beforeDelete(Digest digest) {
            ImageRepository repo = repoOf.get(digest);
            if (repo == null || open.getCount() == 0) {
                return;
            }
            if (passed.computeIfAbsent(repo, r -> new AtomicInteger()).incrementAndGet() <= PASSED) {
                return;
            }
            held.computeIfAbsent(repo, r -> new AtomicInteger()).incrementAndGet();
            try {
                open.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int held(ImageRepository repo) {
            AtomicInteger n = held.get(repo);
            return n == null ? 0 : n.get();
        }
    }


    private ApplicationContext start(String instance, Path policies, boolean scheduled, PruneExecutor.Hooks hooks) {
        var builder = ApplicationContext.builder().properties(settings("registry-pruner-mid-" + run, instance + "-" + run, policies,
                registry.hostPort(), scheduled ? "200ms" : "1h", scheduled ? "1s" : "0s"));
        if (hooks != null) {
            builder.singletons(hooks);
        }
        return builder.start();
    }

    @Test
    void anInstanceThatLosesARepositoryMidRunStopsAtOnceAndTheNewOwnerFinishes() throws Exception {
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10));
        KafkaProbe.createTopics(6, Topics.BUILD_RESULTS_NAME, Topics.PRUNE_AUDIT_NAME);
        int partitions = KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME).size();
        Map<TopicPartition, Long> auditsFrom = KafkaProbe.endOffsets(Topics.PRUNE_AUDIT_NAME);
        Gate gate = new Gate();

        // one repository per partition: whichever partitions the rebalance moves, some runs lose their repository
        Map<Integer, String> sourceOf = new TreeMap<>();
        for (int i = 0; i < 10_000 && sourceOf.size() < partitions; i++) {
            String source = "github.com/acme/mid-" + run + "-" + i;
            sourceOf.putIfAbsent(PartitionOwnership.partitionFor(source, partitions), source);
        }
        assertEquals(partitions, sourceOf.size());
        List<Repo> repos = new ArrayList<>();
        for (Map.Entry<Integer, String> e : sourceOf.entrySet()) {
            RepositoryId source = RepositoryId.of(e.getValue());
            ImageRepository image = ImageRepository.of(registry.hostPort(), "acme/mid-" + run + "-" + e.getKey());
            List<Digest> old = new ArrayList<>();
            for (int i = 0; i < OLD; i++) {
                String tag = String.format("sha-%07d", i);
                Digest d = TestImagesAccess.pushTagged(client, image, "mid-" + e.getKey() + "-" + i, tag);
                KafkaProbe.send(Topics.BUILD_RESULTS_NAME, source.value(), Topics.BUILD_RESULTS.encode(built(source, image, "v" + i, d, tenDaysAgo, tag)));
                old.add(d);
                gate.repoOf.put(d, image);
            }
            Set<Digest> kept = new TreeSet<>();
            // an old CI image that also carries a release tag (kept: its CI tag is skipped, shared-digest) and a young one
            Digest release = TestImagesAccess.pushTagged(client, image, "mid-rel-" + e.getKey(), "sha-rel", "release-1");
            KafkaProbe.send(Topics.BUILD_RESULTS_NAME, source.value(), Topics.BUILD_RESULTS.encode(built(source, image, "rel", release, tenDaysAgo, "sha-rel", "release-1")));
            Digest young = TestImagesAccess.pushTagged(client, image, "mid-young-" + e.getKey(), "sha-young");
            KafkaProbe.send(Topics.BUILD_RESULTS_NAME, source.value(), Topics.BUILD_RESULTS.encode(built(source, image, "young", young, Instant.now(), "sha-young")));
            kept.add(release);
            kept.add(young);
            repos.add(new Repo(e.getKey(), source, image, old, kept, List.of("sha-rel", "release-1", "sha-young")));
        }
        Path dir = olderThanADay("mid.yaml", repos.stream().map(Repo::image).toList());

        ApplicationContext a = start("a", dir, false, gate);
        ApplicationContext b = null;
        ExecutorService runs = Executors.newFixedThreadPool(repos.size());
        try {
            PartitionOwnership ownA = a.getBean(PartitionOwnership.class);
            PushHistoryService histA = a.getBean(PushHistoryService.class);
            awaitTrue(() -> ownA.owned().size() == partitions && repos.stream().allMatch(r -> ownA.owns(r.image())),
                    "a owns every partition and knows every repository: " + ownA.owned());
            assertTrue(repos.stream().allMatch(r -> histA.current().sourceRepositoryOf(r.image()) != null));

            // A's applied runs, one per repository, at once; each is held after its first deletes
            PruneService serviceA = a.getBean(PruneService.class);
            Map<ImageRepository, Future<Optional<ExecutionReport>>> runsOfA = new HashMap<>();
            for (Repo r : repos) {
                runsOfA.put(r.image(), runs.submit(() -> serviceA.run(r.image(), List.of(), "test")));
            }
            awaitTrue(() -> repos.stream().allMatch(r -> gate.held(r.image()) == THREADS),
                    "every run of a made its first deletes and holds " + THREADS + " more");

            // B joins: some partitions move while A's runs are in the middle of their deletes
            b = start("b", dir, true, null);
            PartitionOwnership ownB = b.getBean(PartitionOwnership.class);
            ApplicationContext bRef = b;
            awaitTrue(() -> !ownB.owned().isEmpty() && ownA.owned().size() + ownB.owned().size() == partitions
                            && bRef.getBean(PartitionOwnership.class).owned().stream().noneMatch(p -> ownA.owned().contains(p)),
                    "the rebalance gave b some partitions: a=" + ownA.owned() + " b=" + ownB.owned());
            Set<Integer> moved = ownB.owned();
            gate.open.countDown();

            for (Repo r : repos) {
                ExecutionReport report = runsOfA.get(r.image()).get(120, TimeUnit.SECONDS).orElseThrow();
                Set<Digest> deletedByA = deletedDigests(report);
                if (moved.contains(r.partition())) {
                    assertTrue(report.stopped(), r.image() + ": a's run stops when its partition is revoked\n" + report.summary());
                    assertEquals(PASSED, deletedByA.size(), r.image() + ": no delete by a after the revocation\n" + report.summary());
                    long lockLost = report.outcomes().stream().filter(o -> !o.decision().isTag()
                            && o.decision().decision() == Verdict.SKIPPED && "lock-lost".equals(o.decision().rule())).count();
                    assertEquals(OLD - PASSED, lockLost, report.summary());
                } else {
                    assertFalse(report.stopped(), report.summary());
                    assertTrue(report.verified(), report.summary());
                    assertEquals(new TreeSet<>(r.old()), deletedByA, r.image() + ": a finishes what it still owns");
                }
            }

            // B finishes the repositories it took over (its schedule runs every second)
            awaitTrue(() -> repos.stream().allMatch(r -> r.old().stream().allMatch(d -> exists(client, r.image(), d) == Boolean.FALSE)),
                    "every old image is deleted in the end");
            for (Repo r : repos) {
                for (Digest d : r.kept()) {
                    assertEquals(Boolean.TRUE, exists(client, r.image(), d), "kept " + d + " in " + r.image());
                }
                for (String t : r.keptTags()) {
                    assertTrue(client.resolve(r.image(), ImageTag.parse(t)).isPresent(), t + " in " + r.image());
                }
            }

            // every old digest DELETED exactly once over both instances' audits; nothing kept ever DELETED
            Set<ImageRepository> ours = new HashSet<>();
            repos.forEach(r -> ours.add(r.image()));
            Set<Digest> allOld = new TreeSet<>();
            Set<Digest> allKept = new TreeSet<>();
            repos.forEach(r -> {
                allOld.addAll(r.old());
                allKept.addAll(r.kept());
            });
            Map<Digest, List<String>> deletedBy = new TreeMap<>();
            for (int attempt = 0; attempt < 6 && !deletedBy.keySet().containsAll(allOld); attempt++) {
                deletedBy.clear();
                for (var rec : KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, auditsFrom, x -> true, Integer.MAX_VALUE, Duration.ofSeconds(5))) {
                    PruneAudit audit = Topics.PRUNE_AUDIT.decode(rec.value());
                    if (ours.contains(audit.image()) && audit.tag() == null && audit.decision() == PruneDecision.DELETED && !audit.dryRun()
                            && !audit.intent()) {
                        deletedBy.computeIfAbsent(audit.digest(), x -> new ArrayList<>()).add(audit.runId());
                    }
                }
            }
            assertEquals(allOld, deletedBy.keySet(), "every deleted digest is audited");
            deletedBy.forEach((d, runIds) -> assertEquals(1, runIds.size(), d + " audited DELETED once, not by " + runIds));
            assertTrue(deletedBy.keySet().stream().noneMatch(allKept::contains));
        } finally {
            gate.open.countDown();
            runs.shutdownNow();
            if (b != null) {
                b.close();
            }
            a.close();
            client.close();
        }
    }

    private static Set<Digest> deletedDigests(ExecutionReport report) {
        Set<Digest> out = new TreeSet<>();
        report.outcomes().stream().filter(o -> !o.decision().isTag() && o.decision().decision() == Verdict.DELETED)
                .forEach(o -> out.add(o.decision().digest()));
        return out;
    }


}
