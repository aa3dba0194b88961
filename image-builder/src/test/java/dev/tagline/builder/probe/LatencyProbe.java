package dev.tagline.builder.probe;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.service.VariantBuilder;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.ContainerConfig;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Not a test (no suite pattern matches it): a measurement of the builder's own steps on the bench's figure 2 and 3
 * shapes, run by hand with {@code -Dtest=LatencyProbe}. Starts its own registry with an access log to count requests.
 */
class LatencyProbe {
    private static final int WARM = 3;
    private static final int SAMPLES = Integer.getInteger("probe.samples", 15);

    @Test
    void probe() throws Exception {
        Path dir = Files.createTempDirectory("latency-probe");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                """.formatted(dir.resolve("storage"), host));
        Path log = dir.resolve("registry.log");
        Process registry = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(host)).manifestCache(512).build();
             TestRepo repo = GitRepos.create(Files.createDirectories(dir.resolve("repo")))) {
            Thread.sleep(1000);
            BuilderConfig config = BuilderConfig.of(dir.resolve("cache"), Set.of(host));
            Map<String, List<Long>> steps = new ConcurrentHashMap<>();
            VariantBuilder builder = new VariantBuilder(config, new RegistryAccess(client, CredentialStore.anonymous(), Set.of(host)),
                    Clock.systemUTC()).onStep((step, ms) -> steps.computeIfAbsent(step, k -> new CopyOnWriteArrayList<>()).add(ms));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Long> totals = new ArrayList<>();
            List<Long> requests = new ArrayList<>();
            Map<String, Integer> kinds = new TreeMap<>();
            List<TagPlan> built = new ArrayList<>();
            for (int i = 0; i < WARM + SAMPLES; i++) {
                String version = "1.0." + i;
                Map<String, String> files = new LinkedHashMap<>();
                files.put("app/config.properties", "version=" + version + "\n");
                files.put("dist/amd64/hello", "binary " + "x".repeat(128 * 1024) + version);
                Instant time = Instant.parse("2026-03-04T05:06:07Z").plusSeconds(i);
                String sha = repo.commitAt("v" + version, files, time);
                repo.tag("v" + version, sha);
                TagPlan plan = plan(repo.uri(), sha, time, version, host);
                if (i == WARM) {
                    steps.clear();
                }
                long lines0 = lines(log);
                long t0 = System.nanoTime();
                List<BuildResult> results = buildAll(builder, pool, plan);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                for (BuildResult r : results) {
                    if (r.status() != BuildStatus.SUCCEEDED) {
                        throw new AssertionError(r.error());
                    }
                }
                built.add(plan);
                if (i >= WARM) {
                    totals.add(ms);
                    List<String> reqs = newLines(log, lines0);
                    requests.add((long) reqs.size());
                    for (String r : reqs) {
                        kinds.merge(r, 1, Integer::sum);
                    }
                }
            }
            System.out.println("PROBE build: total ms median " + median(totals) + " " + totals + "; requests per plan median "
                    + median(requests));
            report("PROBE build step", steps);
            System.out.println("PROBE build requests per plan by kind: " + perPlan(kinds, SAMPLES));

            // figure 3's shape: the sha- tag plus 5 new tags per variant, 2 variants per plan
            steps.clear();
            kinds.clear();
            long lines0 = lines(log);
            long t0 = System.nanoTime();
            int promoted = 0;
            for (int k = 0; k < SAMPLES; k++) {
                TagPlan p = built.get(WARM + k);
                List<VariantPlan> vs = new ArrayList<>();
                for (VariantPlan v : p.variants()) {
                    ImageTag sha = v.tags().stream().filter(t -> t.value().startsWith("sha-")).findFirst().orElseThrow();
                    List<ImageTag> tags = new ArrayList<>(List.of(sha));
                    for (int j = 0; j < 5; j++) {
                        tags.add(ImageTag.parse(String.format("promo-%03d-%d-%s", k, j, v.name())));
                    }
                    promoted += 5;
                    vs.add(new VariantPlan(v.name(), v.images(), tags, v.labels(), v.annotations(), v.platforms(), v.recipe()));
                }
                TagPlan retag = new TagPlan(p.schemaVersion(), p.planId() + "-r", p.eventId() + "-r", p.repository(), p.cloneUrl(), p.ref(),
                        p.commit(), p.commitTime(), p.version(), p.channel(), p.policyDigest(), false, vs);
                List<BuildResult> results = buildAll(builder, pool, retag);
                for (BuildResult r : results) {
                    if (r.status() != BuildStatus.SUCCEEDED || !r.promoted()) {
                        throw new AssertionError("not promoted: " + r);
                    }
                }
            }
            long retagMs = (System.nanoTime() - t0) / 1_000_000;
            List<String> reqs = newLines(log, lines0);
            for (String r : reqs) {
                kinds.merge(r, 1, Integer::sum);
            }
            System.out.printf("PROBE retag: %d tags in %d ms (sequential plans, variants in parallel), %d requests = %.2f per promoted tag%n",
                    promoted, retagMs, reqs.size(), reqs.size() / (double) promoted);
            report("PROBE retag step", steps);
            System.out.println("PROBE retag requests per plan by kind: " + perPlan(kinds, SAMPLES));
            pool.shutdownNow();
            micro(client, ImageRepository.parse(host + "/bench/micro"));
        } finally {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void micro(RegistryClient client, ImageRepository repo) throws Exception {
        Map<String, List<Long>> t = new TreeMap<>();
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 30; i++) {
            byte[] blob = new byte[300];
            rnd.nextBytes(blob);
            dev.tagline.schema.value.Digest d = dev.tagline.schema.value.Digest.of(blob);
            long a = System.nanoTime();
            client.blobExists(repo, d);
            long b = System.nanoTime();
            client.pushBlob(repo, blob);
            long c = System.nanoTime();
            client.blobExists(repo, d);
            long e = System.nanoTime();
            t.computeIfAbsent("head-404", k -> new ArrayList<>()).add((b - a) / 1000);
            t.computeIfAbsent("pushBlob(head+post+put)", k -> new ArrayList<>()).add((c - b) / 1000);
            t.computeIfAbsent("head-200", k -> new ArrayList<>()).add((e - c) / 1000);
        }
        StringBuilder sb = new StringBuilder("PROBE micro medians (us):");
        t.forEach((k, v) -> sb.append(' ').append(k).append('=').append(median(v)));
        System.out.println(sb);
    }

    private static void report(String prefix, Map<String, List<Long>> steps) {
        StringBuilder b = new StringBuilder(prefix + " medians (ms, per variant):");
        new TreeMap<>(steps).forEach((k, v) -> b.append(' ').append(k).append('=').append(median(v)).append("(n").append(v.size()).append(')'));
        System.out.println(b);
    }

    private static String perPlan(Map<String, Integer> kinds, int plans) {
        StringBuilder b = new StringBuilder();
        kinds.forEach((k, v) -> b.append(String.format("%n    %-60s %.1f", k, v / (double) plans)));
        return b.toString();
    }

    private static long lines(Path log) throws Exception {
        Thread.sleep(50);
        try (var l = Files.lines(log)) {
            return l.count();
        }
    }

    /** Access log lines after {@code from}, as "METHOD path-shape status". */
    private static List<String> newLines(Path log, long from) throws Exception {
        Thread.sleep(100);
        List<String> out = new ArrayList<>();
        try (var l = Files.lines(log)) {
            l.skip(from).forEach(line -> {
                int q = line.indexOf('"');
                if (q < 0 || !line.contains("HTTP/1.1\" ")) {
                    return;
                }
                String[] parts = line.substring(q + 1).split(" ");
                if (parts.length < 4) {
                    return;
                }
                String path = parts[1].replaceAll("sha256[:-][0-9a-f]{64}", "<d>").replaceAll("uploads/[0-9a-f-]{36}.*", "uploads/<id>")
                        .replaceAll("\\?.*", "?..").replaceAll("/manifests/(promo|sha|1)[^/ ]*", "/manifests/<tag>")
                        .replaceAll("/v2/bench/latency", "");
                out.add(parts[0] + " " + path + " " + parts[3]);
            });
        }
        return out;
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.isEmpty() ? -1 : s.get(s.size() / 2);
    }

    private static TagPlan plan(String cloneUrl, String sha, Instant time, String version, String host) {
        String shortSha = sha.substring(0, 7);
        Map<String, String> labels = new TreeMap<>();
        labels.put("org.opencontainers.image.created", time.toString());
        labels.put("org.opencontainers.image.revision", sha);
        labels.put("org.opencontainers.image.source", cloneUrl);
        labels.put("org.opencontainers.image.title", "latency");
        labels.put("org.opencontainers.image.url", cloneUrl);
        labels.put("org.opencontainers.image.version", shortSha);
        ContainerConfig container = new ContainerConfig(List.of("/usr/local/bin/hello"), null, Map.of(), null, "65532", List.of(), null);
        Layer config = new Layer("config", "app", "/etc/hello", null, null);
        Layer binary = new Layer("binary", "dist/{arch}", "/usr/local/bin", null, "755");
        String[] parts = version.split("\\.");
        VariantPlan base = new VariantPlan("base", List.of(ImageRepository.parse(host + "/bench/latency")),
                List.of(ImageTag.parse(version), ImageTag.parse(parts[0] + "." + parts[1]), ImageTag.parse(parts[0]), ImageTag.parse("sha-" + shortSha)),
                labels, labels, List.of(Platform.parse("linux/amd64")), new BuildRecipe(null, List.of(config, binary), null, container));
        VariantPlan slim = new VariantPlan("slim", List.of(ImageRepository.parse(host + "/bench/latency")),
                List.of(ImageTag.parse(version + "-slim"), ImageTag.parse(parts[0] + "." + parts[1] + "-slim"), ImageTag.parse(parts[0] + "-slim"),
                        ImageTag.parse("sha-" + shortSha + "-slim")),
                labels, labels, List.of(Platform.parse("linux/amd64")), new BuildRecipe(null, List.of(binary), null, container));
        return new TagPlan(TaglineEvent.CURRENT_SCHEMA_VERSION, TagPlan.idFor("e-" + version, "policy-1"), "e-" + version,
                RepositoryId.of("example.com/acme/latency"), cloneUrl, GitRef.tag("v" + version), CommitSha.parse(sha), time,
                version, "stable", "policy-1", false, List.of(base, slim));
    }

    /** Builds the plan's variants in parallel on {@code pool}, then finishes the plan (as BuildService does): its results. */
    private static List<BuildResult> buildAll(VariantBuilder builder, ExecutorService pool, TagPlan plan) throws Exception {
        List<Future<BuildResult>> fs = new ArrayList<>();
        for (VariantPlan v : plan.variants()) {
            fs.add(pool.submit(() -> builder.build(plan, v)));
        }
        List<BuildResult> results = new ArrayList<>();
        for (Future<BuildResult> f : fs) {
            results.add(f.get(2, TimeUnit.MINUTES));
        }
        return builder.finish(plan, results);
    }
}
