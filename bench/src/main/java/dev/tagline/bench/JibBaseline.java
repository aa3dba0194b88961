package dev.tagline.bench;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figure 2's baseline, in its own JVM started with the services' flags (not in the harness's warm 1 GB
 * JVM): the same files, layers, config, labels, creation time and tags as tagline's plans, built and
 * pushed with jib-core (both variants at once, as the builder builds them), one round at a time as the harness asks,
 * each right after tagline's tag of the same version (warm-ups included), so both sides run on the same machine state.
 * Each sample ends with the same check the harness makes of tagline (every tag resolves, to one digest
 * per variant), so the observation cost is charged to both sides.
 *
 * <p>Two variants sharing a layer race to upload it into one repository, and CNCF Distribution 2.8 may
 * refuse one with HTTP 400, or answer a HEAD of the blob with 500 (issue 14); jib has no guard against it. Such a sample is built again, from the
 * start, and counted ({@code raceRetries}): the baseline never fails under load.
 *
 * <p>A round of several samples is the peer of figure 2's "4 tags pushed at once", each sample with tags of its own,
 * so that the ratio of jib's burst to jib's single push shows what the machine allows any client doing this work.
 *
 * <p>{@code java <flags> -cp <bench classpath> dev.tagline.bench.JibBaseline REGISTRY IMAGE CACHE_DIR} ({@link #main})
 */
public final class JibBaseline {
    static final int MAX_RACE_RETRIES = 5;

    private JibBaseline() {
    }

    public record Variant(String name, List<String> tags, Map<String, String> labels) {
    }

    public record Sample(String src, Instant created, List<Variant> variants) {
    }

    /** Where every round pushes: the registry (host:port, plain HTTP), the image name, jib's layer cache directory. */
    public record Target(String registry, String image, String cache) {
    }

    /**
     * One timed round: {@code samples} pushed at once (one sample: a single push; several: the peer of figure 2's burst).
     * Samples pushed at once must not share a tag: jib orders nothing, so a floating tag shared by two would end on either.
     */
    public record Round(List<Sample> samples) {
    }

    /**
     * {@code ms}: from the first push started to every sample's tags resolvable; {@code raceRetries}: attempts pushed again
     * after the upload race (the attempt that succeeded may have found some blobs there already).
     */
    public record RoundResult(long ms, int raceRetries) {
    }

    /** The prefix of each answer line on standard output; anything else there is not an answer. */
    public static final String ANSWER = "JIB-ROUND ";

    /**
     * Serves rounds one at a time, so that the harness interleaves them with tagline's tags and both sides see the same
     * machine: reads a {@link Round} per line of standard input, pushes it, answers a {@link RoundResult} line; exits at
     * the end of its input. Standard output carries only the answers (whatever else writes to it goes to standard error).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JibBaseline REGISTRY IMAGE CACHE_DIR   (rounds as JSON lines on standard input)");
            System.exit(2);
        }
        PrintStream answers = System.out;
        System.setOut(System.err);
        Target target = new Target(args[0], args[1], args[2]);
        ImageRepository image = ImageRepository.parse(target.registry() + "/" + target.image());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(target.registry())).build();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                Round round = Jackson.mapper().readValue(line, Round.class);
                int[] retries = {0};
                long ms = timed(target, round.samples(), pool, client, image, retries);
                answers.println(ANSWER + Jackson.mapper().writeValueAsString(new RoundResult(ms, retries[0])));
                answers.flush();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Pushes {@code samples} at once (every variant of each) and waits until every tag resolves: ms from the first push
     * started. A round refused by the upload race is pushed again from the start ({@code retries} counts it).
     */
    private static long timed(Target target, List<Sample> samples, ExecutorService pool, RegistryClient client, ImageRepository image,
                              int[] retries) throws Exception {
        for (int attempt = 0; ; attempt++) {
            long t0 = System.nanoTime();
            try {
                push(target, samples, pool);
            } catch (ExecutionException e) {
                if (attempt < MAX_RACE_RETRIES && uploadRace(e)) {
                    retries[0]++;
                    continue;
                }
                throw e;
            }
            // as the harness checks tagline's burst: each sample's exact tags, and every tag of the last one
            for (int i = 0; i < samples.size(); i++) {
                awaitResolvable(client, image, samples.get(i), i == samples.size() - 1);
            }
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    private static void push(Target target, List<Sample> samples, ExecutorService pool) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (Sample s : samples) {
            for (Variant v : s.variants()) {
                futures.add(pool.submit(() -> {
                    build(target.registry(), target.image(), Path.of(s.src()), v, s.created(), Path.of(target.cache()));
                    return null;
                }));
            }
        }
        ExecutionException first = null;
        for (Future<?> f : futures) { // every push ends before a retry starts, so rounds never overlap
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Two uploads of one blob into one repository (Distribution 2.8), as jib reports it: a 400, or a 500 on the blob
     * ("invalid checksum digest format": the registry read the blob's link while the other upload was writing it).
     */
    private static boolean uploadRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.google.cloud.tools.jib.http.ResponseException re && (re.getStatusCode() == 400
                    || re.getStatusCode() == 500 && String.valueOf(re.getMessage()).contains("/blobs/"))) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("DIGEST_INVALID") || m.contains("MANIFEST_BLOB_UNKNOWN") || m.contains("BLOB_UNKNOWN")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The harness's check of tagline: every variant's first tag resolves and, with {@code everyTag}, so does every other tag, to
     * the first one's digest.
     */
    private static void awaitResolvable(RegistryClient client, ImageRepository image, Sample s, boolean everyTag) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!resolvable(client, image, s, everyTag)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the baseline's tags did not resolve within 30 s");
            }
            Thread.sleep(10);
        }
    }

    private static boolean resolvable(RegistryClient client, ImageRepository image, Sample s, boolean everyTag) throws RegistryException {
        for (Variant v : s.variants()) {
            Optional<Descriptor> first = client.resolve(image, ImageTag.parse(v.tags().get(0)));
            if (first.isEmpty()) {
                return false;
            }
            for (String t : everyTag ? v.tags().subList(1, v.tags().size()) : List.<String>of()) {
                Optional<Descriptor> d = client.resolve(image, ImageTag.parse(t));
                if (d.isEmpty() || !d.get().digest().equals(first.get().digest())) {
                    return false;
                }
            }
        }
        return true;
    }

    static void build(String registry, String image, Path src, Variant v, Instant created, Path cache) throws Exception {
        JibContainerBuilder b = Jib.fromScratch();
        if (v.name().equals("base")) {
            b.addFileEntriesLayer(FileEntriesLayer.builder().setName("config")
                    .addEntry(new FileEntry(src.resolve("app/config.properties"), AbsoluteUnixPath.get("/etc/hello/config.properties"),
                            FilePermissions.fromOctalString("644"), Instant.ofEpochSecond(1))).build());
        }
        b.addFileEntriesLayer(FileEntriesLayer.builder().setName("binary")
                .addEntry(new FileEntry(src.resolve("dist/amd64/hello"), AbsoluteUnixPath.get("/usr/local/bin/hello"),
                        FilePermissions.fromOctalString("755"), Instant.ofEpochSecond(1))).build());
        b.setEntrypoint(List.of("/usr/local/bin/hello")).setUser("65532").setCreationTime(created).setFormat(ImageFormat.OCI);
        new TreeMap<>(v.labels()).forEach(b::addLabel);
        Containerizer c = Containerizer.to(RegistryImage.named(registry + "/" + image + ":" + v.tags().get(0)))
                .setAllowInsecureRegistries(true).setToolName("tagline-bench").setToolVersion("1")
                .setBaseImageLayersCache(cache.resolve("base")).setApplicationLayersCache(cache.resolve("application"));
        for (String t : v.tags().subList(1, v.tags().size())) {
            c.withAdditionalTag(t);
        }
        b.containerize(c);
    }
}
