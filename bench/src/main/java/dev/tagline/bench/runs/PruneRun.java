package dev.tagline.bench.runs;

import dev.tagline.schema.json.JsonText;
import dev.tagline.schema.json.Jackson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.bench.infra.Managed;
import dev.tagline.bench.report.Figure;
import dev.tagline.bench.report.Target;
import dev.tagline.registry.MediaTypes;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Run 4: pruning. Repositories of N sha-* tags (one small image per tag, one hour apart) are written
 * straight to the registry; then
 * <ul>
 *   <li>tagline: {@code ./tagline prune run --apply} with keepLast N/2 decides and deletes N/2 digests
 *       (the figure is its own "decided in" + apply time; the whole command's wall time is in the details);</li>
 *   <li>the floor: the same DELETEs from a bare keep-alive HTTP/1.1 client, 8 at a time, in a twin repository;</li>
 *   <li>each twice, in the order tagline, floor, floor, tagline, each in its own repository (the mean of each side);</li>
 *   <li>a loop of {@code skopeo delete} over the same number of digests in one more twin;</li>
 *   <li>the floor at other repository sizes (the same number of DELETEs each), and the decision alone
 *       for a large snapshot (in a JVM on registry-pruner.jar) against sorting the same tags by age.</li>
 * </ul>
 */
public final class PruneRun {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Instant NEWEST = Instant.parse("2026-03-01T00:00:00Z");

    private PruneRun() {
    }

    public static void run(Context ctx, Pipeline p) throws Exception {
        int n = ctx.options.pruneTags();
        int deletes = n / 2;
        String reg = p.registry.hostPort();
        // Two of each, measured tagline, floor, floor, tagline (ABBA): the registry's DELETE cost drifts by a third within
        // minutes here (the same floor took 9.0 and 12.6 s two minutes apart), and one of each let that drift land on one side.
        List<String> taglineRepos = List.of("bench/prune-tagline-a", "bench/prune-tagline-b");
        List<String> floorRepos = List.of("bench/prune-floor-a", "bench/prune-floor-b");
        for (String name : taglineRepos) {
            populate(p.client, ImageRepository.of(reg, name), n, true);
        }
        List<List<Digest>> floors = new ArrayList<>();
        for (String name : floorRepos) {
            floors.add(populate(p.client, ImageRepository.of(reg, name), n, false));
        }
        List<Digest> skopeo = populate(p.client, ImageRepository.of(reg, "bench/prune-skopeo"), n, false);

        // tagline: the pruner's own command line, as a maintainer runs it
        Path policy = ctx.work().resolve("prune-policy.yml");
        Files.writeString(policy, """
                retention:
                  candidates: ["sha-*"]
                  keepLast: %d
                  gracePeriod: 0s
                """.formatted(n - deletes));
        List<PrunerRun> taglineRuns = new ArrayList<>();
        List<Long> floorRuns = new ArrayList<>();
        taglineRuns.add(prunerRun(ctx, p, policy, taglineRepos.get(0)));
        floorRuns.add(floorDeletes(reg, floorRepos.get(0), floors.get(0).subList(0, deletes)));
        floorRuns.add(floorDeletes(reg, floorRepos.get(1), floors.get(1).subList(0, deletes)));
        taglineRuns.add(prunerRun(ctx, p, policy, taglineRepos.get(1)));
        long skopeoMs = skopeoDeletes(ctx, ImageRepository.of(reg, "bench/prune-skopeo"), skopeo.subList(0, deletes));

        long taglineMs = taglineRuns.stream().mapToLong(PrunerRun::figureMs).sum() / taglineRuns.size();
        long floorMs = floorRuns.stream().mapToLong(Long::longValue).sum() / floorRuns.size();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tags", n);
        d.put("digestsDeleted", deletes);
        d.put("order", "tagline, floor, floor, tagline; the figure is the mean of each side's two runs");
        d.put("tagline", taglineRuns.stream().map(PrunerRun::details).toList());
        d.put("floorMs", floorRuns);
        d.put("skopeoLoopMs", skopeoMs);
        d.put("recheck", "moved (tags new since the snapshot; verification HEADs only the deleted digests)");
        String reproduce = "bench/run --only prune";
        ctx.report.add(Figure.measured("prune.vsFloor", "4 prune " + deletes + "/" + n + " vs floor", "ms", taglineMs,
                "8-conn DELETE floor", floorMs, Target.ratioAtMost(1.1), reproduce, d));
        ctx.report.add(Figure.measured("prune.vsSkopeo", "4 prune " + deletes + "/" + n + " vs skopeo", "ms", taglineMs,
                "skopeo delete loop", skopeoMs, Target.ratioAtMost(1.0 / 3), reproduce, Map.of()));
        ctx.report.note("run 4 tagline, floor, floor, tagline (ms): " + taglineRuns.get(0).figureMs() + ", " + floorRuns.get(0) + ", "
                + floorRuns.get(1) + ", " + taglineRuns.get(1).figureMs());
        for (PrunerRun run : taglineRuns) {
            if (run.tagsLeft() != n - deletes) {
                ctx.report.note("run 4: after tagline's prune of " + run.repository() + " " + run.tagsLeft() + " tags are left, expected "
                        + (n - deletes));
            }
        }

        // the floor's growth with repository size: the same number of DELETEs in each
        int fd = ctx.options.floorDeletes();
        Map<String, Object> growth = new LinkedHashMap<>();
        double smallest = Double.NaN;
        double largest = Double.NaN;
        for (int size : ctx.options.floorSizes()) {
            List<Digest> ds = populate(p.client, ImageRepository.of(reg, "bench/floor-" + size), size, false);
            long ms = floorDeletes(reg, "bench/floor-" + size, ds.subList(0, Math.min(fd, size)));
            double perDelete = (double) ms / Math.min(fd, size);
            growth.put(size + " tags", Map.of("deletes", Math.min(fd, size), "ms", ms, "msPerDelete", perDelete));
            if (Double.isNaN(smallest)) {
                smallest = perDelete;
            }
            largest = perDelete;
        }
        int[] sizes = ctx.options.floorSizes();
        ctx.report.add(Figure.measured("prune.floorGrowth", "4 floor ms/delete @" + sizes[sizes.length - 1] + " tags", "ms",
                largest, "@" + sizes[0] + " tags", smallest, null, reproduce, growth));
        ctx.report.note("run 4 floor (" + fd + " DELETEs, 8 connections) by repository size: " + growth);

        decision(ctx, reproduce);
    }

    /** One {@code prune run --apply}: the figure is its own "decided in" + apply ("took") time; the rest is in the details. */
    record PrunerRun(String repository, long readMs, long decideMs, long applyMs, long wallMs, int tagsLeft) {
        long figureMs() {
            return decideMs + applyMs;
        }

        Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("repository", repository);
            d.put("decideMs", decideMs);
            d.put("applyMs", applyMs);
            d.put("snapshotReadMs", readMs);
            d.put("commandWallMs", wallMs);
            d.put("tagsLeft", tagsLeft);
            return d;
        }
    }

    private static PrunerRun prunerRun(Context ctx, Pipeline p, Path policy, String repository) throws Exception {
        // the user's handle, with its JVM flags (C1 only: the command is over before C2 would pay for its compiling)
        List<String> cmd = List.of(ctx.root().resolve("tagline").toString(), "prune", "run", "--registry", p.registry.url(),
                "--repository", repository, "--policy", policy.toString(), "--apply",
                // only the bench writes this repository: re-resolve only tags new since the snapshot (registry-pruner README)
                "--recheck", "moved");
        long w0 = System.nanoTime();
        Managed pruner = Managed.start("prune-run", cmd, Map.of(), ctx.work().resolve("logs/prune-run-" + repository.replace('/', '-') + ".log"));
        int exit = pruner.waitFor(Duration.ofSeconds(180));
        long wallMs = (System.nanoTime() - w0) / 1_000_000;
        String out = Files.readString(pruner.log());
        if (exit != 0) {
            throw new IllegalStateException("prune run exited " + exit + "; " + pruner.tail());
        }
        Matcher m = Pattern.compile("read (\\d+) tags and (\\d+) manifests in (\\d+) ms, decided in (\\d+) ms").matcher(out);
        Matcher took = Pattern.compile("took (\\d+) ms").matcher(out);
        if (!m.find() || !took.find()) {
            throw new IllegalStateException("cannot read the timings in prune run's output; " + pruner.tail());
        }
        int left = p.client.listTags(ImageRepository.of(p.registry.hostPort(), repository)).size();
        return new PrunerRun(repository, Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(took.group(1)), wallMs, left);
    }

    /**
     * Runs DecisionProbe in its own JVM on registry-pruner.jar + the bench classes, at 5k, 50k and 100k
     * tags (and the --decision-tags size): the figure is the 50k decision (target < 1 s), the details
     * show the growth (wall and the deciding thread's CPU time, which a loaded machine disturbs less).
     */
    private static void decision(Context ctx, String reproduce) throws Exception {
        java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>(List.of(5_000, 50_000, 100_000, ctx.options.decisionTags()));
        List<String> cmd = new ArrayList<>(List.of("java", "-cp", ctx.root().resolve("registry-pruner/target/registry-pruner.jar") + ":"
                + ctx.root().resolve("bench/target/classes"), "dev.tagline.bench.DecisionProbe"));
        sizes.forEach(n -> cmd.add(Integer.toString(n)));
        Managed probe = Managed.start("decision-probe", cmd, Map.of(), ctx.work().resolve("logs/decision-probe.log"));
        if (probe.waitFor(Duration.ofSeconds(300)) != 0) {
            throw new IllegalStateException("the decision probe failed; " + probe.tail());
        }
        String out = Files.readString(probe.log());
        Matcher m = Pattern.compile("tags=(\\d+) decisionMs=([0-9.]+) sortMs=([0-9.]+) firstDecisionMs=([0-9.]+) deleted=(\\d+) decisionCpuMs=([0-9.]+)")
                .matcher(out);
        Map<String, Object> growth = new LinkedHashMap<>();
        double at50k = Double.NaN;
        double sortAt50k = Double.NaN;
        while (m.find()) {
            int tags = Integer.parseInt(m.group(1));
            growth.put(tags + " tags", Map.of("decisionMs", Double.parseDouble(m.group(2)), "decisionCpuMs", Double.parseDouble(m.group(6)),
                    "sortMs", Double.parseDouble(m.group(3)), "firstDecisionMs (cold JVM)", Double.parseDouble(m.group(4)),
                    "digestsDecidedForDeletion", Integer.parseInt(m.group(5))));
            if (tags == 50_000) {
                at50k = Double.parseDouble(m.group(2));
                sortAt50k = Double.parseDouble(m.group(3));
            }
        }
        if (growth.size() != sizes.size()) {
            throw new IllegalStateException("unexpected decision probe output; " + probe.tail());
        }
        Map<String, Object> d = new LinkedHashMap<>(growth);
        d.put("measured", "median of 5 decisions after 3 warm-up decisions; baseline: sort the same tags by age and keep the newest half");
        ctx.report.add(Figure.measured("prune.decision", "4 decision alone, 50000 tags", "ms", at50k,
                "sort by age", sortAt50k, Target.valueBelow(1000, "< 1000 ms"), reproduce, d));
        ctx.report.note("run 4 decision by snapshot size (median ms wall / CPU): " + growth);
    }

    /**
     * Writes {@code n} images tagged sha-%07x (image i is i hours older than image 0) and returns their
     * digests, oldest first. With {@code distinctConfigs} each has its own config (its created time is
     * its age for the pruner); otherwise they share one and differ by an annotation.
     */
    static List<Digest> populate(RegistryClient client, ImageRepository repo, int n, boolean distinctConfigs) throws Exception {
        byte[] layerRaw = "bench layer\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(layerRaw);
        }
        byte[] layer = gz.toByteArray();
        Digest layerDigest = client.pushBlob(repo, layer);
        String diffId = Digest.of(layerRaw).value();
        byte[] sharedConfig = config(diffId, NEWEST);
        Digest sharedConfigDigest = client.pushBlob(repo, sharedConfig);
        Digest[] digests = new Digest[n];
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        byte[] cfg = distinctConfigs ? config(diffId, NEWEST.minusSeconds(3600L * i)) : sharedConfig;
                        Digest cfgDigest = distinctConfigs ? client.pushBlob(repo, cfg) : sharedConfigDigest;
                        ObjectNode manifest = Jackson.mapper().createObjectNode();
                        manifest.put("schemaVersion", 2);
                        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
                        manifest.set("config", descriptor(MediaTypes.OCI_CONFIG, cfgDigest, cfg.length));
                        manifest.putArray("layers").add(descriptor(MediaTypes.OCI_LAYER_GZIP, layerDigest, layer.length));
                        manifest.putObject("annotations").put("dev.tagline.bench.image", repo.name() + "#" + i);
                        digests[i] = client.putManifest(repo, ImageTag.parse(String.format("sha-%07x", i)),
                                JsonText.write(manifest).getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Digest> oldestFirst = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            oldestFirst.add(digests[i]);
        }
        return oldestFirst;
    }

    private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode d = Jackson.mapper().createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest.value());
        d.put("size", size);
        return d;
    }

    private static byte[] config(String diffId, Instant created) {
        ObjectNode c = Jackson.mapper().createObjectNode();
        c.put("architecture", "amd64");
        c.put("os", "linux");
        c.put("created", created.toString());
        c.putObject("config");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        return JsonText.write(c).getBytes(StandardCharsets.UTF_8);
    }

    static long skopeoDeletes(Context ctx, ImageRepository repo, List<Digest> digests) throws Exception {
        long t0 = System.nanoTime();
        for (Digest d : digests) {
            Managed m = Managed.start("skopeo-delete", List.of("skopeo", "delete", "--tls-verify=false",
                    "docker://" + repo.value() + "@" + d.value()), Map.of(), ctx.work().resolve("logs/skopeo-delete.log"));
            if (m.waitFor(Duration.ofSeconds(60)) != 0) {
                throw new IllegalStateException("skopeo delete " + d.value() + " failed; " + m.tail());
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The floor: DELETE /v2/NAME/manifests/DIGEST from 8 threads on one keep-alive HTTP/1.1 client. */
    static long floorDeletes(String registry, String name, List<Digest> digests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < digests.size(); i = next.getAndIncrement()) {
                        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + name
                                + "/manifests/" + digests.get(i).value())).DELETE().build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 202) {
                            throw new IllegalStateException("DELETE " + digests.get(i).value() + " answered " + r.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
