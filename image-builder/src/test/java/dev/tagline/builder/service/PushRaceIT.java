package dev.tagline.builder.service;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's race: two variants x two platforms sharing layers, pushed into one repository at the same
 * time, on a fresh registry each round (so every blob is new and both variants find the shared ones
 * missing). Distribution 2.8 answered 400 DIGEST_INVALID / MANIFEST_BLOB_UNKNOWN when both uploaded a
 * shared blob at once; with the push locks no attempt may fail (no retry hides anything: single attempts)
 * and every round gives the same digests.
 */
class PushRaceIT {
    private static final Instant COMMIT_TIME = Instant.parse("2026-05-06T07:08:09Z");
    private static final int ROUNDS = Integer.getInteger("pushRace.rounds", 50);
    private static final Duration TIME_LIMIT = Duration.ofMinutes(8);

    @TempDir
    Path tmp;

    @Test
    void concurrentVariantsSharingLayersNeverRaceAndAlwaysGiveTheSameDigests() throws Exception {
        // the shared layer is big enough that two uploads of it overlap
        Map<String, String> files = appFiles(1024 * 1024);
        files.put("extra/full.txt", "full\n");
        Map<String, Digest> firstDigests = null;
        int rounds = 0;
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestRepo repo = GitRepos.create(Files.createTempDirectory(tmp, "repo"))) {
            String sha = repo.commitAt("release", files, COMMIT_TIME);
            for (; rounds < ROUNDS && System.nanoTime() < deadline; rounds++) {
                long t0 = System.nanoTime();
                Map<String, Digest> digests = round(repo, sha, tmp.resolve("cache"), pool);
                System.out.printf("push race round %d: %d ms%n", rounds, (System.nanoTime() - t0) / 1_000_000);
                if (firstDigests == null) {
                    firstDigests = digests;
                } else {
                    assertEquals(firstDigests, digests, "round " + rounds + " gave other digests");
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertTrue(rounds >= Math.min(ROUNDS, 10), "only " + rounds + " rounds ran within " + TIME_LIMIT);
    }

    /**
     * Two plans of one commit and variant (a push to main and its release tag, arriving together), built at once on a
     * fresh registry: both write the same new manifests. Distribution 2.8 rewrites a manifest's content in place, so
     * overlapping PUTs answered 400 DIGEST_INVALID / MANIFEST_BLOB_UNKNOWN (the fault suite's broker outage showed
     * it); the builder builds one build key at a time, so the second plan finds the image and only writes its tags.
     */
    @Test
    void twoPlansOfOneCommitAndVariantBuiltAtOnceBothSucceedWithOneDigest() throws Exception {
        Map<String, String> files = appFiles(256 * 1024);
        int rounds = Integer.getInteger("pushRace.samePlanRounds", 15);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestRepo repo = GitRepos.create(Files.createTempDirectory(tmp, "repo"))) {
            String sha = repo.commitAt("release", files, COMMIT_TIME);
            for (int round = 0; round < rounds; round++) {
                try (LocalRegistry registry = LocalRegistry.start();
                     RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
                    String image = registry.hostPort() + "/acme/same";
                    List<String> platforms = List.of("linux/amd64", "linux/arm64");
                    Map<String, String> annotations = Map.of("org.opencontainers.image.source", "https://example.com/acme/same");
                    java.util.function.Function<List<String>, VariantPlan> base = t -> variant("base", image, tags(t.toArray(String[]::new)),
                            platforms, recipe(null, List.of(layer("app", "app", "/app"), layer("bin", "dist/{arch}", "/opt/")), null,
                                    entrypoint("/app/run.sh")), Map.of(), annotations);
                    TagPlan push = plan("e-push", repo.uri(), sha, COMMIT_TIME, false, base.apply(List.of("sha-" + sha.substring(0, 7), "main")));
                    TagPlan tag = plan("e-tag", repo.uri(), sha, COMMIT_TIME, false, base.apply(List.of("1.0.0", "1.0", "latest")));
                    VariantBuilder builder = new VariantBuilder(BuilderConfig.of(tmp.resolve("cache-same"), Set.of(registry.hostPort())),
                            new RegistryAccess(client, CredentialStore.anonymous(), Set.of(registry.hostPort())), Clock.systemUTC());
                    CyclicBarrier together = new CyclicBarrier(2);
                    List<Future<VariantAttempt>> attempts = new ArrayList<>();
                    for (TagPlan p : List.of(push, tag)) {
                        attempts.add(pool.submit(() -> {
                            together.await(30, TimeUnit.SECONDS);
                            return builder.attempt(p, p.variants().get(0));
                        }));
                    }
                    Set<Digest> digests = new java.util.HashSet<>();
                    for (Future<VariantAttempt> f : attempts) {
                        VariantAttempt a = f.get(3, TimeUnit.MINUTES);
                        assertNotNull(a.result(), () -> "round: a transient failure: " + a.transientFailure());
                        assertEquals(BuildStatus.SUCCEEDED, a.result().status(), () -> a.result().error());
                        digests.add(a.result().digest());
                    }
                    assertEquals(1, digests.size(), "one digest for one commit and variant: " + digests);
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Text that does not compress much, always the same. */
    /** The app's sources: a shared layer holding {@code bigBytes} of noise, a start script, and a file per architecture. */
    private static Map<String, String> appFiles(int bigBytes) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/lib/big.bin", noise(bigBytes));
        files.put("app/run.sh", "#!/bin/sh\necho hello\n");
        files.put("dist/amd64/hello.txt", "amd64\n");
        files.put("dist/arm64/hello.txt", "arm64\n");
        return files;
    }

    private static String noise(int length) {
        java.util.Random random = new java.util.Random(14);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private Map<String, Digest> round(TestRepo repo, String sha, Path cache, ExecutorService pool) throws Exception {
        try (LocalRegistry registry = LocalRegistry.start();
             RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
            String image = registry.hostPort() + "/acme/race";
            List<String> platforms = List.of("linux/amd64", "linux/arm64");
            Map<String, String> annotations = Map.of("org.opencontainers.image.source", "https://example.com/acme/race");
            VariantPlan base = variant("base", image, tags("1.0.0", "latest"), platforms,
                    recipe(null, List.of(layer("app", "app", "/app"), layer("bin", "dist/{arch}", "/opt/")), null,
                            entrypoint("/app/run.sh")), Map.of(), annotations);
            VariantPlan full = variant("full", image, tags("1.0.0-full", "latest-full"), platforms,
                    recipe(null, List.of(layer("app", "app", "/app"), layer("bin", "dist/{arch}", "/opt/"),
                            layer("extra", "extra", "/extra")), null, entrypoint("/app/run.sh")), Map.of(), annotations);
            TagPlan plan = plan("e-race", repo.uri(), sha, COMMIT_TIME, false, base, full);
            BuilderConfig config = BuilderConfig.of(cache, Set.of(registry.hostPort()));
            VariantBuilder builder = new VariantBuilder(config,
                    new RegistryAccess(client, CredentialStore.anonymous(), Set.of(registry.hostPort())), Clock.systemUTC());
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<VariantAttempt>> attempts = new ArrayList<>();
            for (VariantPlan v : plan.variants()) {
                attempts.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return builder.attempt(plan, v);
                }));
            }
            Map<String, Digest> digests = new LinkedHashMap<>();
            for (int i = 0; i < attempts.size(); i++) {
                VariantAttempt a = attempts.get(i).get(3, TimeUnit.MINUTES);
                String name = plan.variants().get(i).name();
                assertNotNull(a.result(), () -> "variant " + name + " hit a transient failure: " + a.transientFailure());
                BuildResult r = a.result();
                assertEquals(BuildStatus.SUCCEEDED, r.status(), () -> "variant " + name + ": " + r.error());
                digests.put(name, r.digest());
            }
            return digests;
        }
    }
}
