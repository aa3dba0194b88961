package dev.tagline.pruner.execution;

import dev.tagline.pruner.cli.Cli;
import dev.tagline.pruner.execution.TestImages.Pushed;
import dev.tagline.pruner.history.PushTimes;
import dev.tagline.pruner.json.SnapshotJson;
import dev.tagline.pruner.retention.DeploymentInventory;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.pruner.retention.RetentionPlanner;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.pruner.snapshot.SnapshotReader;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.FlakyProxy;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a real CNCF Distribution registry on 127.0.0.1 (testkit LocalRegistry). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PruneRegistryIT {
    /** Every {@code sha-*} tag may go at once: no count kept, no grace period. */
    private static final RetentionPolicy SHA_TAGS = RetentionPolicy.builder().candidates("sha-*").keepLast(0).gracePeriod(Duration.ZERO).build();
    private static final RetentionPolicy SHA_TAGS_BUT_1X = RetentionPolicy.builder().candidates("sha-*").keep("1.*").keepLast(0)
            .gracePeriod(Duration.ZERO).build();

    private final LocalRegistry registry = LocalRegistry.shared();
    private final RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build();

    @TempDir
    Path dir;

    @AfterAll
    void close() {
        client.close();
    }

    private ImageRepository repo(String name) {
        return ImageRepository.of(registry.hostPort(), "acme/" + name);
    }

    private static CliRun cli(String... args) {
        return CliRun.of(Cli::run, args);
    }

    private Path policy(String yaml) throws Exception {
        Path p = Files.createTempFile(dir, "policy", ".yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private boolean has(ImageRepository repo, String tag) throws Exception {
        return client.resolve(repo, ImageTag.parse(tag)).isPresent();
    }

    private RegistrySnapshot snapshot(ImageRepository repo) throws Exception {
        return new SnapshotReader(client, PushTimes.NONE, 4, true, null).read(repo);
    }

    private static RetentionPlan decide(RegistrySnapshot snapshot, RetentionPolicy policy) {
        return RetentionPlanner.decide(snapshot, policy, DeploymentInventory.NONE, Clock.systemUTC());
    }

    /** A change to the registry, as a concurrent push makes it. */
    private interface Push {
        void run() throws Exception;
    }

    /** Hooks that make {@code push} just before the executor deletes {@code target}: after the plan, before its act. */
    private static PruneExecutor.Hooks beforeDeleteOf(Digest target, Push push) {
        return new PruneExecutor.Hooks() {
            @Override
            public void beforeDelete(Digest digest) {
                if (digest.equals(target)) {
                    try {
                        push.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    @Test
    void sharedDigestReleaseSurvivesAnApplyRun() throws Exception {
        ImageRepository repo = repo("shared");
        Pushed release = TestImages.tagged(client, repo, "release", "sha-1a2b3c4", "1.2.3");
        Pushed ci = TestImages.tagged(client, repo, "ci", "sha-9f9f9f9");
        Path policy = policy("candidates: [sha-*]\nkeepLast: 0\ngracePeriod: 0s\n");

        CliRun run = cli("prune", "run", "--registry", registry.url().toString(), "--repository", "acme/shared", "--policy", policy.toString(), "--apply");

        assertEquals(0, run.exit(), run.err() + run.out());
        assertTrue(has(repo, "1.2.3"), "the release tag survives");
        assertTrue(has(repo, "sha-1a2b3c4"), "its CI tag stays: Distribution cannot delete a tag alone");
        assertFalse(has(repo, "sha-9f9f9f9"), "the CI-only image is gone");
        assertTrue(client.resolve(repo, release.digest()).isPresent());
        assertTrue(run.out().contains("APPLIED"), run.out());
        assertTrue(run.out().contains("shared-digest"), run.out());
    }

    @Test
    void multiArchReleaseIsStillPullableBySkopeoForBothPlatforms() throws Exception {
        ImageRepository repo = repo("multiarch");
        TestImages.MultiArch release = TestImages.multiArch(client, repo, "rel", "1.0.0", "sha-0000001");
        TestImages.MultiArch old = TestImages.multiArch(client, repo, "old", "sha-0000002");
        Path policy = policy("candidates: [sha-*]\nkeepLast: 0\ngracePeriod: 0s\nuntagged: true\n");

        CliRun run = cli("prune", "run", "--registry", registry.url().toString(), "--repository", "acme/multiarch", "--policy", policy.toString(), "--apply");

        assertEquals(0, run.exit(), run.err() + run.out());
        assertFalse(client.resolve(repo, old.index().digest()).isPresent());
        assertFalse(client.resolve(repo, old.amd().digest()).isPresent(), "the old index's children went with it");
        assertTrue(client.resolve(repo, release.amd().digest()).isPresent());
        assertTrue(client.resolve(repo, release.arm().digest()).isPresent());
        String ref = "docker://" + repo.value() + ":1.0.0";
        Process inspect = new ProcessBuilder("skopeo", "inspect", "--raw", "--tls-verify=false", ref).redirectErrorStream(true).start();
        String raw = new String(inspect.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(inspect.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, inspect.exitValue(), raw);
        assertTrue(raw.contains(release.amd().digest().value()) && raw.contains(release.arm().digest().value()), raw);
        Path target = dir.resolve("copy");
        Process copy = new ProcessBuilder("skopeo", "copy", "--all", "--src-tls-verify=false", ref, "dir:" + target)
                .redirectErrorStream(true).start();
        String copyOut = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(copy.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, copy.exitValue(), copyOut);
        List<String> copied;
        try (var files = Files.list(target)) {
            copied = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(copied.contains(release.amd().digest().hex() + ".manifest.json")
                && copied.contains(release.arm().digest().hex() + ".manifest.json"), "both platform manifests copied: " + copied);
    }

    @Test
    void moreThanAThousandTagsAreAllSeen() throws Exception {
        ImageRepository repo = repo("many");
        Pushed img = TestImages.image(client, repo, "many", "amd64");
        int n = 1_100;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String tag = String.format("sha-%07d", i);
                puts.add(pool.submit(() -> {
                    TestImages.tag(client, repo, img, tag);
                    return null;
                }));
            }
            for (Future<?> f : puts) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long start = System.nanoTime();
        CliRun run = cli("prune", "snapshot", "--registry", registry.url().toString(), "--repository", "acme/many", "--no-referrers");
        System.out.printf("[measure] prune snapshot of %d tags: %.2f s (list, one HEAD per tag, 8 at a time)%n", n, (System.nanoTime() - start) / 1e9);
        assertEquals(0, run.exit(), run.err());
        RegistrySnapshot s = SnapshotJson.read(run.out(), "stdout");
        assertEquals(n, s.tags().size());
        assertEquals(1, s.manifests().size());
    }

    @Test
    void aTagMovedBetweenPlanningAndDeletingIsNotDeleted() throws Exception {
        ImageRepository repo = repo("moved");
        Pushed a = TestImages.tagged(client, repo, "moved-a", "sha-aaaaaaa");
        Pushed b = TestImages.tagged(client, repo, "moved-b", "sha-bbbbbbb");
        Pushed rel = TestImages.tagged(client, repo, "moved-rel", "2.0.0");
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);
        assertEquals(Set.of(a.digest(), b.digest()), Set.copyOf(plan.deletedDigests()));

        // after planning: the release tag is moved onto a (a delete of a would take it along) ...
        TestImages.tag(client, repo, a, "2.0.0");
        // ... and, just before b's delete, b's own tag is re-pointed elsewhere
        PruneExecutor.Hooks hooks = beforeDeleteOf(b.digest(), () -> TestImages.tag(client, repo, rel, "sha-bbbbbbb"));
        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), s -> { }, hooks)
                .apply(repo, plan, true, "run-moved", null);

        assertTrue(has(repo, "2.0.0"), report.summary());
        assertEquals(a.digest(), client.resolve(repo, ImageTag.parse("2.0.0")).orElseThrow().digest());
        assertTrue(client.resolve(repo, a.digest()).isPresent(), "a is saved by the moved release tag");
        assertTrue(has(repo, "sha-bbbbbbb"), "the re-pointed tag is still there");
        assertTrue(client.resolve(repo, b.digest()).isPresent(), "b's delete was skipped because its tag moved");
        assertEquals(2, report.count(false, Verdict.SKIPPED), report.summary());
    }

    @Test
    void recheckMovedResolvesOnlyNewAndWrittenTagsAndStillSavesWhatTheyReach() throws Exception {
        ImageRepository repo = repo("recheck-moved");
        Pushed a = TestImages.tagged(client, repo, "rm-a", "sha-aaaaaa2");
        Pushed b = TestImages.tagged(client, repo, "rm-b", "sha-bbbbbb2");
        Pushed c = TestImages.tagged(client, repo, "rm-c", "sha-cccccc2");
        Pushed rel = TestImages.image(client, repo, "rm-rel", "amd64");
        TestImages.tag(client, repo, rel, "2.0.0");
        TestImages.tag(client, repo, rel, "1.9.0");
        java.time.Instant started = java.time.Instant.now();
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);
        assertEquals(Set.of(a.digest(), b.digest(), c.digest()), Set.copyOf(plan.deletedDigests()));

        // after planning, tagline re-points 2.0.0 onto a (its push history says so), and a new tag appears on b
        TestImages.tag(client, repo, a, "2.0.0");
        TestImages.tag(client, repo, b, "hotfix");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), lines::add)
                .recheck(PruneExecutor.Recheck.MOVED, (r, since) -> since.isAfter(started) ? Set.of() : Set.of(ImageTag.parse("2.0.0")), started)
                .apply(repo, plan, true, "run-recheck-moved", null);

        assertTrue(lines.contains("re-resolving 2 of 6 tags before deleting (new or written since the snapshot)"), lines.toString());
        assertEquals(a.digest(), client.resolve(repo, ImageTag.parse("2.0.0")).orElseThrow().digest());
        assertTrue(client.resolve(repo, a.digest()).isPresent(), "a is saved by the re-pointed release tag");
        assertTrue(client.resolve(repo, b.digest()).isPresent(), "b is saved by the new tag");
        assertTrue(client.resolve(repo, c.digest()).isEmpty(), "c goes");
        assertTrue(has(repo, "1.9.0") && has(repo, "hotfix"));
        assertTrue(report.verified(), report.summary());
    }

    @Test
    void untagByDummyManifestRemovesASharedDigestCiTagAndKeepsTheRelease() throws Exception {
        ImageRepository repo = repo("untag");
        Pushed rel = TestImages.tagged(client, repo, "untag-rel", "sha-1111abc", "1.4.0");
        Pushed ci = TestImages.tagged(client, repo, "untag-ci", "sha-2222abc");
        RegistrySnapshot snapshot = snapshot(repo);
        assertTrue(!snapshot.tagDeletionSupported(), "Distribution 2.8 cannot delete a tag alone (probed)");
        RetentionPlan plan = decide(snapshot, SHA_TAGS);
        assertEquals("shared-digest", plan.decisionFor(ImageTag.parse("sha-1111abc")).rule());

        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), s -> { })
                .untagByDummyManifest(true).apply(repo, plan, true, "run-untag", null);

        assertTrue(report.verified(), report.summary());
        assertTrue(!has(repo, "sha-1111abc"), "the CI tag is gone");
        assertTrue(has(repo, "1.4.0"), "the release tag stays");
        assertEquals(rel.digest(), client.resolve(repo, ImageTag.parse("1.4.0")).orElseThrow().digest());
        assertTrue(client.resolve(repo, rel.digest()).isPresent(), "the kept digest is untouched");
        assertTrue(client.resolve(repo, ci.digest()).isEmpty(), "the plain CI image is deleted as planned");
        PruneOutcome untag = report.outcomes().stream().filter(o -> ImageTag.parse("sha-1111abc").equals(o.decision().tag())).findFirst().orElseThrow();
        assertEquals(Verdict.DELETED, untag.decision().decision());
        assertEquals("shared-digest:untag", untag.decision().rule());
        assertTrue(untag.decision().reason().contains("throwaway manifest"), untag.decision().reason());
        assertEquals(Boolean.FALSE, untag.presentAfter());
        assertEquals(List.of("1.4.0"), client.listTags(repo).stream().map(ImageTag::value).sorted().toList());
    }

    @Test
    void aRegistryWithDeletesDisabledGivesOneClearErrorAndChangesNothing() throws Exception {
        try (LocalRegistry readOnly = LocalRegistry.builder().deleteEnabled(false).start();
             RegistryClient c = RegistryClient.builder().insecureRegistries(Set.of(readOnly.hostPort())).build()) {
            ImageRepository repo = ImageRepository.of(readOnly.hostPort(), "acme/nodelete");
            Pushed x = TestImages.image(c, repo, "nodelete", "amd64");
            TestImages.tag(c, repo, x, "sha-1111111");
            Pushed y = TestImages.image(c, repo, "nodelete-2", "amd64");
            TestImages.tag(c, repo, y, "sha-2222222");
            Path policy = policy("candidates: [sha-*]\nkeepLast: 0\ngracePeriod: 0s\n");

            CliRun run = cli("prune", "run", "--registry", readOnly.url().toString(), "--repository", "acme/nodelete", "--policy", policy.toString(), "--apply");

            assertEquals(2, run.exit(), run.out());
            assertTrue(run.err().contains("refuses deletes") && run.err().contains("nothing was changed"), run.err());
            assertEquals(2, c.listTags(repo).size());
        }
    }

    @Test
    void dryRunIsTheDefaultAndChangesNothing() throws Exception {
        ImageRepository repo = repo("dryrun");
        Pushed x = TestImages.tagged(client, repo, "dry", "sha-3333333");
        Path policy = policy("candidates: [sha-*]\nkeepLast: 0\ngracePeriod: 0s\n");

        CliRun run = cli("prune", "run", "--registry", registry.url().toString(), "--repository", "acme/dryrun", "--policy", policy.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("DRY RUN"), run.out());
        assertTrue(run.out().contains("tags:    0 kept, 1 would delete"), run.out());
        assertTrue(has(repo, "sha-3333333"));

        CliRun json = cli("prune", "run", "--registry", registry.url().toString(), "--repository", "acme/dryrun", "--policy", policy.toString(),
                "--output", "json");
        assertEquals(0, json.exit(), json.err());
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertTrue(tree.get("dryRun").asBoolean(), json.out());
        assertEquals(1, tree.get("wouldDelete").get("tags").asInt(), json.out());
        assertEquals(1, tree.get("wouldDelete").get("digests").asInt(), json.out());
        assertTrue(has(repo, "sha-3333333"));
    }

    @Test
    void snapshotThenPlanMatchesTheLiveRun() throws Exception {
        ImageRepository repo = repo("snapplan");
        Pushed x = TestImages.tagged(client, repo, "snap-x", "sha-4444444", "3.0.0");
        Pushed y = TestImages.tagged(client, repo, "snap-y", "sha-5555555");
        CliRun snap = cli("prune", "snapshot", "--registry", registry.url().toString(), "--repository", "acme/snapplan", "--insecure");
        assertEquals(0, snap.exit(), snap.err());
        Path snapshotFile = dir.resolve("snapshot.json");
        Files.writeString(snapshotFile, snap.out());
        Path policy = policy("candidates: [sha-*]\nkeepLast: 0\ngracePeriod: 0s\n");

        CliRun plan = cli("prune", "plan", "--policy", policy.toString(), "--snapshot", snapshotFile.toString(), "--now", "2030-01-01T00:00:00Z",
                "--output", "json");

        assertEquals(0, plan.exit(), plan.err());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan.out());
        assertEquals("[\"" + y.digest() + "\"]", json.get("deletedDigests").toString(), plan.out());
        assertEquals("[\"3.0.0\",\"sha-4444444\"]", json.get("remainingTags").toString(), plan.out());
        assertTrue(snap.out().contains("\"configCreated\": \"2020-01-01T00:00:00Z\""), snap.out());
    }

    @Test
    void aFewHundredTagsGiveASummaryAReleaseEngineerCanCheck() throws Exception {
        ImageRepository repo = repo("hundreds");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> pushes = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                int n = i;
                pushes.add(pool.submit(() -> {
                    TestImages.tag(client, repo, TestImages.image(client, repo, "ci-" + n, "amd64"), String.format("sha-%07x", n), String.format("sha-%07x-slim", n));
                    return null;
                }));
            }
            for (int i = 0; i < 10; i++) {
                int n = i;
                pushes.add(pool.submit(() -> {
                    Pushed amd = TestImages.image(client, repo, "rel-amd-" + n, "amd64");
                    Pushed arm = TestImages.image(client, repo, "rel-arm-" + n, "arm64");
                    TestImages.tag(client, repo, TestImages.index(client, repo, List.of(amd, arm), List.of("amd64", "arm64")),
                            "1." + n + ".0", "1." + n, String.format("sha-r%06x", n));
                    return null;
                }));
            }
            for (Future<?> f : pushes) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Path policy = policy("candidates: [sha-*]\nkeep: [\"1.*\"]\nkeepLast: 20\ngracePeriod: 0s\n");

        CliRun dry = cli("prune", "run", "--registry", registry.url().toString(), "--repository", "acme/hundreds", "--policy", policy.toString());
        assertEquals(0, dry.exit(), dry.err());
        System.out.println("[sample] dry run:\n" + dry.out());
        assertEquals(330, client.listTags(repo).size(), "a dry run changes nothing");

        RegistrySnapshot snapshot = new SnapshotReader(client, PushTimes.NONE, 8, true, null).read(repo);
        RetentionPlan plan = RetentionPlanner.decide(snapshot, dev.tagline.policy.retention.RetentionPolicyParser.parse(Files.readString(policy), "policy"),
                DeploymentInventory.NONE, Clock.systemUTC());
        long start = System.nanoTime();
        long[] phases = new long[3]; // first delete, last delete, verified
        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), line -> {
            if (line.startsWith("[1/")) {
                phases[0] = System.nanoTime();
            } else if (line.startsWith("[" + plan.deletedDigests().size() + "/")) {
                phases[1] = System.nanoTime();
            } else if (line.startsWith("verified")) {
                phases[2] = System.nanoTime();
            }
        }).apply(repo, plan, true, "run-hundreds", null);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[measure] phases: re-resolve %.2f s, %d deletes (each after re-resolving its tags) %.2f s = %.1f ms per delete, verification %.2f s%n",
                (phases[0] - start) / 1e9, plan.deletedDigests().size() - 1, (phases[1] - phases[0]) / 1e9,
                (phases[1] - phases[0]) / 1e6 / (plan.deletedDigests().size() - 1), (phases[2] - phases[1]) / 1e9);
        System.out.println("[sample] applied run:\n" + report.summary());
        System.out.printf("[measure] applied run: %d manifest deletes in %.2f s including the re-resolve of %d tags and the verification pass (%.0f deletes/s)%n",
                plan.deletedDigests().size(), seconds, snapshot.tags().size(), plan.deletedDigests().size() / seconds);

        assertTrue(report.verified(), report.summary());
        // keep-last 20 counts candidate images, releases included (their sha-r tag is a candidate); every image has the
        // same config date (tagline never pushed them), so ties break by digest
        assertEquals(20, plan.tagDecisions().stream().filter(d -> d.decision() == Verdict.KEPT && d.rule().equals("keep-last:20")).map(d -> d.digest()).distinct().count());
        int deleted = plan.deletedDigests().size();
        assertTrue(deleted >= 130 && deleted <= 140, "CI images beyond the 20 newest candidate images: " + deleted);
        assertEquals(330 - 2 * deleted, client.listTags(repo).size());
        for (int n = 0; n < 10; n++) {
            assertTrue(has(repo, "1." + n + ".0"));
        }
    }

    @Test
    void whenAnIndexDeleteIsSkippedItsPlatformManifestsStay() throws Exception {
        ImageRepository repo = repo("skipparent");
        TestImages.MultiArch image = TestImages.multiArch(client, repo, "sp", "sha-5p5p5p5");
        Pushed other = TestImages.tagged(client, repo, "sp-other", "2.0.0");
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);
        assertEquals(image.index().digest(), plan.deletedDigests().get(0));
        assertEquals(3, plan.deletedDigests().size());

        PruneExecutor.Hooks moveTheTag = beforeDeleteOf(image.index().digest(), () -> TestImages.tag(client, repo, other, "sha-5p5p5p5"));
        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), s -> { }, moveTheTag)
                .apply(repo, plan, true, "run-skipparent", null);

        assertTrue(client.resolve(repo, image.index().digest()).isPresent());
        assertTrue(client.resolve(repo, image.amd().digest()).isPresent(), "a child of a skipped index is never deleted");
        assertTrue(client.resolve(repo, image.arm().digest()).isPresent());
        assertEquals(List.of("moved", "parent-kept", "parent-kept"), report.outcomes().stream()
                .filter(o -> !o.decision().isTag() && o.decision().decision() == Verdict.SKIPPED)
                .sorted(java.util.Comparator.comparing(o -> o.decision().rule().equals("moved") ? 0 : 1))
                .map(o -> o.decision().rule()).toList());
    }

    /** An image with an SBOM referrer (OCI subject, in the sha256-<hex> fallback index) and .sig/.att attachment tags. */
    private record Family(Pushed image, List<Pushed> attached, List<String> tags) {
        Set<Digest> digests() {
            Set<Digest> all = new java.util.TreeSet<>();
            all.add(image.digest());
            attached.forEach(p -> all.add(p.digest()));
            return all;
        }
    }

    private Family family(ImageRepository repo, String seed, String... tags) throws Exception {
        Pushed image = TestImages.image(client, repo, seed, "amd64");
        TestImages.tag(client, repo, image, tags);
        List<Pushed> attached = new ArrayList<>(TestImages.referrer(client, repo, image, seed + "-sbom"));
        attached.add(TestImages.attachment(client, repo, image, ".sig"));
        attached.add(TestImages.attachment(client, repo, image, ".att"));
        attached.add(TestImages.attachment(client, repo, image, ".sbom"));
        String hex = RegistryClient.referrersTag(image.digest()).value();
        List<String> all = new ArrayList<>(List.of(tags));
        all.addAll(List.of(hex, hex + ".sig", hex + ".att", hex + ".sbom"));
        return new Family(image, attached, all);
    }

    private void assertPresent(ImageRepository repo, Family f, boolean present, String why) throws Exception {
        for (Digest d : f.digests()) {
            assertEquals(present, client.resolve(repo, d).isPresent(), d + ": " + why);
        }
        for (String t : f.tags()) {
            assertEquals(present, has(repo, t), t + ": " + why);
        }
    }

    @Test
    void deletingADigestTakesItsReferrersAndAttachmentTagsAndAKeptDigestKeepsThem() throws Exception {
        ImageRepository repo = repo("referrers-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        Family old = family(repo, "ref-old", "sha-0ld0ld0");
        Family kept = family(repo, "ref-kept", "sha-keep000", "1.0");
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS_BUT_1X);
        assertEquals(old.digests(), Set.copyOf(plan.deletedDigests()), "the old image and everything attached to it, nothing of the kept one");
        assertEquals(old.image().digest(), plan.deletionWaves().get(0).get(0), "the subject goes first");

        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), s -> { })
                .apply(repo, plan, true, "run-referrers", null);

        assertTrue(report.verified(), report.summary());
        assertPresent(repo, old, false, "deleted with its subject");
        assertPresent(repo, kept, true, "attached to a kept image");
        assertTrue(has(repo, "sha-keep000"), "its CI tag stays (shared digest)");
    }

    @Test
    void aSnapshotReadsOnlyTheFallbackIndexesItsListingHas() throws Exception {
        ImageRepository repo = repo("fallback-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        Family withSbom = family(repo, "fb-sbom", "sha-5b0m000");
        List<Pushed> plain = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Pushed image = TestImages.image(client, repo, "fb-plain-" + i, "amd64");
            TestImages.tag(client, repo, image, "sha-p1a1n0" + i);
            plain.add(image);
        }
        try (FlakyProxy proxy = FlakyProxy.start(registry.hostPort(), n -> FlakyProxy.Fault.NONE);
             RegistryClient viaProxy = RegistryClient.builder().insecureRegistries(Set.of(proxy.hostPort())).build()) {
            ImageRepository proxied = ImageRepository.of(proxy.hostPort(), repo.name());
            // the first referrers listing learns that this registry has no referrers API (each reader thread's first
            // manifest may ask too before one answer is in); from then on only the listing decides
            viaProxy.referrers(proxied, plain.get(0).digest());
            assertTrue(viaProxy.knownWithoutReferrersApi(proxied), "CNCF Distribution 2.8 has no referrers API");
            int before = proxy.requestLines().size();
            RegistrySnapshot snapshot = new SnapshotReader(viaProxy, PushTimes.NONE, 4, true, null).read(proxied);

            Set<Digest> read = new java.util.TreeSet<>();
            snapshot.manifests().forEach(m -> read.add(m.digest()));
            assertTrue(read.containsAll(withSbom.digests()), "the SBOM referrer is found through its fallback index: " + read);
            List<String> asked = proxy.requestLines();
            List<String> fallbackReads = asked.subList(before, asked.size()).stream()
                    .filter(l -> l.matches("GET /v2/" + repo.name() + "/manifests/sha256-[0-9a-f]{64}")).toList(); // not the tag's HEAD
            assertEquals(List.of("GET /v2/" + repo.name() + "/manifests/" + RegistryClient.referrersTag(withSbom.image().digest()).value()),
                    fallbackReads, "only the listed fallback index is read, not one per manifest");
        }
    }

    /**
     * Nothing in the repository refers to a digest it does not have: every attachment tag's subject, every
     * referrer's subject (from each remaining manifest's referrers and from the manifests the tags point at).
     */
    private void assertNoOrphanedAttachment(ImageRepository repo) throws Exception {
        java.util.regex.Pattern attachment = java.util.regex.Pattern.compile("sha256-([0-9a-f]{64})(\\..+)?");
        for (ImageTag t : client.listTags(repo)) {
            java.util.regex.Matcher m = attachment.matcher(t.value());
            Optional<dev.tagline.registry.Manifest> tagged = client.findManifest(repo, t);
            assertTrue(tagged.isPresent(), t + " is listed and resolves");
            if (m.matches()) {
                assertTrue(client.resolve(repo, Digest.parse("sha256:" + m.group(1))).isPresent(), "orphaned attachment tag " + t);
            }
            if (tagged.get().subject() != null) {
                assertTrue(client.resolve(repo, tagged.get().subject().digest()).isPresent(), "orphaned referrer under " + t);
            }
            if (!m.matches()) {
                for (dev.tagline.registry.Descriptor r : client.referrers(repo, tagged.get().digest())) {
                    assertTrue(client.resolve(repo, r.digest()).isPresent(), "a referrer of " + t + " listed but gone: " + r.digest());
                }
            }
        }
    }

    @Test
    void anAppliedRunLeavesNoOrphanedAttachmentAuditsEachAndADryRunShowsThem() throws Exception {
        ImageRepository repo = repo("orphans-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        Family old = family(repo, "orph-old", "sha-01d0000");
        Family kept = family(repo, "orph-kept", "sha-4ee9000", "1.0");
        // a subject deleted by hand (or by a run that lost its lease between waves): its attachments are left behind
        Family gone = family(repo, "orph-gone", "sha-90e0000");
        client.deleteManifest(repo, gone.image().digest());
        assertTrue(has(repo, RegistryClient.referrersTag(gone.image().digest()).value() + ".sig"), "the orphan exists before the run");

        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS_BUT_1X);
        Set<Digest> expected = new java.util.TreeSet<>(old.digests());
        Set<Digest> orphans = new java.util.TreeSet<>(gone.digests());
        orphans.remove(gone.image().digest());
        expected.addAll(orphans);
        assertEquals(expected, Set.copyOf(plan.deletedDigests()), "the old image with its attachments, and the orphans");
        for (String t : gone.tags().subList(1, gone.tags().size())) {
            assertEquals("orphan-attachment", plan.decisionFor(ImageTag.parse(t)).rule(), t);
        }

        List<dev.tagline.schema.event.PruneAudit> dryAudits = new ArrayList<>();
        ExecutionReport dry = new PruneExecutor(client, new LocalRunLock(), dryAudits::addAll, Clock.systemUTC(), x -> { })
                .apply(repo, plan, false, "run-orphans-dry", null);
        assertTrue(dry.dryRun());
        assertPresent(repo, old, true, "a dry run deletes nothing");
        assertTrue(dryAudits.stream().anyMatch(a -> a.tag() != null && a.tag().value().endsWith(".sbom") && "orphan-attachment".equals(a.rule())
                && Boolean.TRUE.equals(a.dryRun())), "the dry run shows the orphans it would delete");

        List<dev.tagline.schema.event.PruneAudit> audits = new ArrayList<>();
        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), audits::addAll, Clock.systemUTC(), x -> { })
                .apply(repo, plan, true, "run-orphans", null);

        assertTrue(report.verified(), report.summary());
        assertPresent(repo, old, false, "deleted with its subject");
        for (Digest d : orphans) {
            assertFalse(client.resolve(repo, d).isPresent(), d + " was an orphan");
        }
        assertPresent(repo, kept, true, "attached to a kept image");
        assertNoOrphanedAttachment(repo);
        for (Digest d : expected) {
            assertTrue(audits.stream().anyMatch(a -> a.tag() == null && d.equals(a.digest())
                    && a.decision() == dev.tagline.schema.event.PruneDecision.DELETED && Boolean.FALSE.equals(a.dryRun())
                    && Boolean.FALSE.equals(a.presentAfter())), "audited as deleted and verified gone: " + d);
        }
        for (String t : old.tags().subList(1, old.tags().size())) {
            assertTrue(audits.stream().anyMatch(a -> a.tag() != null && a.tag().value().equals(t) && "attachment".equals(a.rule())
                    && a.decision() == dev.tagline.schema.event.PruneDecision.DELETED), "audited: " + t);
        }
    }

    @Test
    void anAttachmentOfAnUntaggedImageIsNoOrphan() throws Exception {
        // the subject is only reachable by digest (no tag, no index): the reader looks it up, so its .sig/.sbom stay
        ImageRepository repo = repo("untagged-subject-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        Pushed untagged = TestImages.image(client, repo, "untagged-subject", "amd64");
        Pushed sig = TestImages.attachment(client, repo, untagged, ".sig");
        Pushed sbom = TestImages.attachment(client, repo, untagged, ".sbom");
        Pushed other = TestImages.tagged(client, repo, "untagged-other", "sha-07e4000");

        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);
        assertEquals(Set.of(other.digest()), Set.copyOf(plan.deletedDigests()), "only the expired CI image");
        assertEquals("untagged-not-candidate", plan.decisionFor(untagged.digest()).rule());
        String hex = RegistryClient.referrersTag(untagged.digest()).value();
        assertEquals("attachment", plan.decisionFor(ImageTag.parse(hex + ".sig")).rule());

        new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), x -> { }).apply(repo, plan, true, "run-untagged-subject", null);
        assertTrue(client.resolve(repo, untagged.digest()).isPresent());
        assertTrue(client.resolve(repo, sig.digest()).isPresent());
        assertTrue(client.resolve(repo, sbom.digest()).isPresent());
        assertTrue(has(repo, hex + ".sig") && has(repo, hex + ".sbom"));
        assertNoOrphanedAttachment(repo);
    }

    @Test
    void aSkippedSubjectDeleteKeepsItsReferrersAndAttachmentTags() throws Exception {
        ImageRepository repo = repo("referrers-skip-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        Family old = family(repo, "refskip-old", "sha-5k1p000");
        Pushed other = TestImages.tagged(client, repo, "refskip-other", "2.0.0");
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);
        assertEquals(old.digests(), Set.copyOf(plan.deletedDigests()));

        // just before the subject's delete its tag is re-pointed: the subject stays, so must all that refers to it
        PruneExecutor.Hooks moveTheTag = new PruneExecutor.Hooks() {
            @Override
            public void beforeDelete(Digest digest) {
                if (digest.equals(old.image().digest())) {
                    try {
                        TestImages.tag(client, repo, other, "sha-5k1p000");
                        TestImages.tag(client, repo, old.image(), "sha-5k1p001");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), AuditSink.NONE, Clock.systemUTC(), s -> { }, moveTheTag)
                .apply(repo, plan, true, "run-referrers-skip", null);

        assertTrue(client.resolve(repo, old.image().digest()).isPresent(), report.summary());
        for (Pushed p : old.attached()) {
            assertTrue(client.resolve(repo, p.digest()).isPresent(), p.digest() + " refers to a subject that stays\n" + report.summary());
        }
        for (String t : old.tags().subList(1, old.tags().size())) {
            assertTrue(has(repo, t), t + " follows a subject that stays\n" + report.summary());
        }
        assertEquals(0, report.count(false, Verdict.DELETED), report.summary());
    }

    @Test
    void aRunThatLosesItsLeaseBetweenWavesStopsAtOnceAndAuditsWhatItDeleted() throws Exception {
        ImageRepository repo = repo("lostlease-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        TestImages.MultiArch image = TestImages.multiArch(client, repo, "ll", "sha-1o5t000");
        Pushed other = TestImages.tagged(client, repo, "ll-other", "2.0.0");
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);
        assertEquals(2, plan.deletionWaves().size(), "the index, then its platform manifests");

        // the lease is lost (a partition revoked) right after the first delete, the index's
        java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();
        RunLock losing = r -> new RunLock.Lease() {
            @Override
            public void ensureHeld() throws RunLock.LockUnavailableException {
                if (lost.get()) {
                    throw new RunLock.LockUnavailableException("partition revoked");
                }
            }

            @Override
            public <T> T whileHeld(RunLock.Action<T> action) throws Exception {
                ensureHeld();
                T t = action.run();
                lost.set(true);
                return t;
            }

            @Override
            public void close() {
            }
        };
        List<dev.tagline.schema.event.PruneAudit> audits = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutionReport report = new PruneExecutor(client, losing, audits::addAll, Clock.systemUTC(), s -> { })
                .apply(repo, plan, true, "run-lost", null);

        assertTrue(report.stopped(), report.summary());
        assertFalse(report.verified(), "a stopped run is not a verified one");
        assertFalse(client.resolve(repo, image.index().digest()).isPresent());
        assertTrue(client.resolve(repo, image.amd().digest()).isPresent(), "nothing is deleted after the lease is lost");
        assertTrue(client.resolve(repo, image.arm().digest()).isPresent());
        List<dev.tagline.schema.event.PruneAudit> outcomes = audits.stream().filter(a -> !a.intent()).toList();
        assertEquals(plan.decisions().size(), outcomes.size(), "every decision audited, the deleted index included");
        assertEquals(plan.decisions().stream().filter(d -> d.deletes()).count(), audits.size() - outcomes.size(),
                "and every deletion it was about to make, before it began");
        java.util.Map<Digest, String> digestAudits = new java.util.TreeMap<>();
        outcomes.stream().filter(a -> a.tag() == null).forEach(a -> digestAudits.put(a.digest(), a.decision() + " " + a.rule()));
        assertTrue(digestAudits.get(image.index().digest()).startsWith("DELETED"), digestAudits.toString());
        assertEquals("SKIPPED lock-lost", digestAudits.get(image.amd().digest()));
        assertEquals("SKIPPED lock-lost", digestAudits.get(image.arm().digest()));
        assertTrue(report.summary().contains("STOPPED: partition revoked"), report.summary());
    }

    /** Every deletion is audited before it is made: a run killed between a delete and its outcome leaves the intent. */
    @Test
    void anAppliedRunWritesItsIntentsBeforeItsFirstDeleteAndDeletesNothingWithoutThem() throws Exception {
        ImageRepository repo = repo("intents-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        Pushed ci = TestImages.tagged(client, repo, "intent-ci", "sha-1a2b3c4");
        Pushed release = TestImages.tagged(client, repo, "intent-rel", "2.0.0");
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);

        PruneExecutor.Hooks refusing = new PruneExecutor.Hooks() {
            @Override
            public void beforeDelete(Digest digest) {
                throw new AssertionError("nothing may be deleted when the audit log cannot be written");
            }
        };
        AuditUnavailableException down = org.junit.jupiter.api.Assertions.assertThrows(AuditUnavailableException.class,
                () -> new PruneExecutor(client, new LocalRunLock(), list -> {
                    throw new java.io.IOException("broker unreachable");
                }, Clock.systemUTC(), s -> { }, refusing).apply(repo, plan, true, "run-no-audit", null));
        assertTrue(down.getMessage().contains("nothing was deleted"), down.getMessage());
        assertTrue(client.resolve(repo, ci.digest()).isPresent(), "not deleted");

        List<List<dev.tagline.schema.event.PruneAudit>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> batchesAtFirstDelete = new java.util.concurrent.CopyOnWriteArrayList<>();
        PruneExecutor.Hooks watching = new PruneExecutor.Hooks() {
            @Override
            public void beforeDelete(Digest digest) {
                batchesAtFirstDelete.add(batches.size());
            }
        };
        ExecutionReport report = new PruneExecutor(client, new LocalRunLock(), batches::add, Clock.systemUTC(), s -> { }, watching)
                .apply(repo, plan, true, "run-intents", null);

        assertTrue(report.verified(), report.summary());
        assertFalse(client.resolve(repo, ci.digest()).isPresent());
        assertTrue(client.resolve(repo, release.digest()).isPresent());
        assertEquals(2, batches.size(), "the intents, then the outcomes");
        assertEquals(1, batchesAtFirstDelete.get(0), "the intents were acknowledged before the first delete");
        List<dev.tagline.schema.event.PruneAudit> intents = batches.get(0);
        assertTrue(intents.stream().allMatch(a -> a.intent() && a.decision() == dev.tagline.schema.event.PruneDecision.DELETED
                && Boolean.FALSE.equals(a.dryRun()) && a.presentAfter() == null && a.digest().equals(ci.digest())), intents.toString());
        assertEquals(Set.of("sha-1a2b3c4", "-"), intents.stream().map(a -> a.tag() == null ? "-" : a.tag().value())
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(batches.get(1).stream().noneMatch(dev.tagline.schema.event.PruneAudit::intent));
        assertTrue(intents.stream().noneMatch(i -> batches.get(1).stream().anyMatch(o -> o.auditId().equals(i.auditId()))),
                "an intent and its outcome are two records");
    }

    /** A broker restart while a run ends: its audits are published once the log takes them again. */
    @Test
    void auditsTheLogRefusedOnceArePublishedOnTheNextTry() throws Exception {
        ImageRepository repo = repo("audit-retry-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        TestImages.tagged(client, repo, "retry-ci", "sha-7e7e7e7");
        RetentionPlan plan = decide(snapshot(repo), SHA_TAGS);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        List<dev.tagline.schema.event.PruneAudit> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        new PruneExecutor(client, new LocalRunLock(), list -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.io.IOException("broker restarting");
            }
            published.addAll(list);
        }, Clock.systemUTC(), progress::add).apply(repo, plan, false, "run-retry", null);
        assertEquals(2, calls.get());
        assertEquals(plan.decisions().size(), published.size(), progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.contains("broker restarting") && l.contains("trying again")), progress.toString());
    }

    @Test
    void anUnreadableManifestMeansNothingIsDeletedInThatRepository() throws Exception {
        ImageRepository repo = repo("unreadable");
        Pushed broken = TestImages.tagged(client, repo, "unreadable-a", "sha-aaaaaa1");
        Pushed fine = TestImages.tagged(client, repo, "unreadable-b", "sha-bbbbbb1");
        // corrupt the registry's storage: the manifest's bytes are gone, its tag still points at it
        Path data = registry.storage().resolve("docker/registry/v2/blobs/sha256/" + broken.digest().hex().substring(0, 2) + "/" + broken.digest().hex() + "/data");
        assertTrue(Files.exists(data), data.toString());
        Files.delete(data);
        Path policy = policy("candidates: [sha-*]\nkeepLast: 0\ngracePeriod: 0s\n");

        CliRun run = cli("prune", "run", "--registry", registry.url().toString(), "--repository", "acme/unreadable", "--policy", policy.toString(), "--apply");

        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("sha-aaaaaa1") && run.err().contains("nothing will be deleted"), run.err());
        CliRun snapshot = cli("prune", "snapshot", "--registry", registry.url().toString(), "--repository", "acme/unreadable");
        assertEquals(2, snapshot.exit(), snapshot.err());
        assertTrue(has(repo, "sha-bbbbbb1"), "fail closed: the readable candidate was not deleted either");
    }
}
