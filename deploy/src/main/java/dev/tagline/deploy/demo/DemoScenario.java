package dev.tagline.deploy.demo;

import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo, step by step, against a running pipeline: pushes to main and dev, release tags (two by
 * webhook, the rest seen by the poller), a backport, a prerelease, a release tag on the prerelease's
 * commit (a promotion) and its retraction, the nightly for a given slot, then the pruner's retention,
 * and the table of what the registry holds.
 */
final class DemoScenario {
    /** cosign's and the OCI referrers tag schema's attachment tags (see image-builder's README, "Signatures and provenance"). */
    private static final java.util.regex.Pattern ATTACHMENT_TAG = java.util.regex.Pattern.compile("sha256-[0-9a-f]{64}(\\.[a-z]+)?");

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    /** The nightly runs for a fixed slot, so every run (and replay) tags it nightly-20260301. */
    static final java.time.Instant NIGHTLY_SLOT = java.time.Instant.parse("2026-03-01T00:00:00Z");
    /** The release tagline makes from the demo's feat: commit on next. */
    static final String RELEASE_TAG = "v1.2.0-rc.1";

    /** What the scenario talks to. */
    record Pipeline(String kafkaBootstrap, String registryHostPort, URI listener, Path prunerJar) {
    }

    private final DemoFiles files;
    private final Pipeline pipeline;
    private final PrintStream out;

    DemoScenario(DemoFiles files, Pipeline pipeline, PrintStream out) {
        this.files = files;
        this.pipeline = pipeline;
        this.out = out;
    }

    /** Creates the repository (one commit on main, before the poller's first look) and the services' configuration. */
    static void prepare(DemoFiles files, String registryHostPort) throws IOException {
        Files.createDirectories(files.policies());
        try (DemoRepository repo = DemoRepository.create(files.repository())) {
            repo.commitApp("hello: first version", "0.1.0");
            String repositoryId = RepositoryId.fromCloneUrl(repo.cloneUrl()).value();
            Files.writeString(files.policy(), DemoFiles.policy(repositoryId, registryHostPort));
            Files.writeString(files.listenerConfig(), DemoFiles.listenerConfig(repo.cloneUrl()));
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        Files.writeString(files.secret(), HexFormat.of().formatHex(secret));
    }

    TagTable run() throws IOException, InterruptedException, TimeoutException {
        ImageRepository image = ImageRepository.of(pipeline.registryHostPort(), DemoFiles.IMAGE_NAME);
        try (DemoRepository repo = DemoRepository.open(files.repository());
             PipelineLog log = new PipelineLog(pipeline.kafkaBootstrap())) {
            String repositoryId = RepositoryId.fromCloneUrl(repo.cloneUrl()).value();
            GenericWebhook webhook = new GenericWebhook(pipeline.listener(), files.readSecret());

            step("the poller's first look at main", log, "refs/heads/main", repo.head());
            step("push to main", log, "refs/heads/main", repo.commitApp("hello: say it louder", "0.2.0"));
            repo.checkout("dev", "main");
            step("push to dev", log, "refs/heads/dev", repo.commitApp("hello: try a new greeting", "0.3.0-dev"));

            // One change at a time, each waited for: the order of events, and so every tag's final
            // digest, is the same on every run. Release tags are reported by webhook before they are
            // pushed, so the poller's later sighting is a duplicate and the webhook path is always used.
            repo.checkout("main", null);
            step("push to main", log, "refs/heads/main", repo.commitApp("hello 1.0.0", "1.0.0"));
            webhook.created(repositoryId, "refs/tags/v1.0.0", repo.head(), "demo-v1.0.0");
            step("tag v1.0.0 (webhook)", log, "refs/tags/v1.0.0", repo.head());
            repo.tag("v1.0.0");

            step("push to main", log, "refs/heads/main", repo.commitApp("hello 1.1.0", "1.1.0"));
            webhook.created(repositoryId, "refs/tags/v1.1.0", repo.head(), "demo-v1.1.0");
            step("tag v1.1.0 (webhook)", log, "refs/tags/v1.1.0", repo.head());
            repo.tag("v1.1.0");

            repo.checkout("release/1.0", "v1.0.0");
            step("push to release/1.0", log, "refs/heads/release/1.0", repo.commitApp("hello 1.0.1: backport a fix", "1.0.1"));
            repo.tag("v1.0.1");
            step("backport tag v1.0.1 (poller)", log, "refs/tags/v1.0.1", repo.head());

            repo.checkout("main", null);
            step("push to main", log, "refs/heads/main", repo.commitApp("hello 2.0.0-rc.1", "2.0.0-rc.1"));
            repo.tag("v2.0.0-rc.1");
            step("prerelease tag v2.0.0-rc.1 (poller)", log, "refs/tags/v2.0.0-rc.1", repo.head());

            // the release tag on the commit the prerelease already built: a promotion, only manifest PUTs
            webhook.created(repositoryId, "refs/tags/v2.0.0", repo.head(), "demo-v2.0.0");
            step("tag v2.0.0 on the rc's commit (webhook)", log, "refs/tags/v2.0.0", repo.head());
            repo.tag("v2.0.0");
            // ... and its retraction: 2 and 2.0 leave the image, latest goes back to 1.1.0
            // deleted on the remote first (the poller must not see it again), then reported; whichever comes first wins
            repo.deleteTag("v2.0.0");
            webhook.deleted(repositoryId, "refs/tags/v2.0.0", repo.head(), "demo-v2.0.0-deleted");
            out.printf("  %-40s %s%n", "retract v2.0.0 (webhook)", repo.head().substring(0, 7));
            log.await("the retraction's ref event", STEP_TIMEOUT, () -> log.events.values().stream()
                    .anyMatch(e -> e.ref().value().equals("refs/tags/v2.0.0") && e.change() == RefChange.DELETED));
            log.awaitSettled(Duration.ofSeconds(1), Duration.ofMinutes(2));

            webhook.runSchedule("nightly", NIGHTLY_SLOT);
            String nightlyOf = repo.head();
            out.printf("  %-40s %s%n", "nightly schedule (slot " + NIGHTLY_SLOT + ")", nightlyOf.substring(0, 7));
            log.await("the nightly's ref event", STEP_TIMEOUT, () -> log.events.values().stream()
                    .anyMatch(e -> e.change() == RefChange.SCHEDULED));

            // a release made from a commit message: tag-planner decides v1.2.0-rc.1 from the feat: since v1.1.0,
            // tag-listener creates the annotated tag with its changelog and pushes it, and the tag is built as any release
            repo.checkout("next", "main");
            step("push feat: to next (a release)", log, "refs/heads/next",
                    repo.commitApp("feat(greeting): say hello in French\n\nBonjour is the new default greeting.", "1.2.0-rc.1"));
            log.await("the release tag v1.2.0-rc.1 created by tagline", STEP_TIMEOUT, () -> log.events.values().stream()
                    .anyMatch(e -> e.ref().value().equals("refs/tags/" + RELEASE_TAG) && e.change() == RefChange.CREATED));
            out.printf("  %-40s %s%n", "released " + RELEASE_TAG + " (tag-listener)", repo.tagMessage(RELEASE_TAG).lines()
                    .filter(l -> l.startsWith("* ")).findFirst().orElse(""));

            log.awaitSettled(Duration.ofSeconds(3), Duration.ofMinutes(3));
            out.printf("  built: %d ref events -> %d plans -> %d build results%n",
                    log.events.size(), log.plans.size(), log.results.size());

            prune(image);
            log.await("the pruner's audits", STEP_TIMEOUT, () -> log.audits.stream().anyMatch(a -> !a.dryRun() && !a.intent()));
            log.poll();
            Files.writeString(files.buildResults(), BuildLedger.toJson(log));
            return TagTable.of(Map.of(image, registryTags(image)), log);
        }
    }

    private void step(String what, PipelineLog log, String ref, String commit) throws TimeoutException {
        out.printf("  %-40s %s%n", what, commit.substring(0, 7));
        log.await("the ref event of " + what, STEP_TIMEOUT, () -> log.events.values().stream()
                .anyMatch(e -> e.ref().value().equals(ref) && e.newCommit() != null && e.newCommit().value().equals(commit)));
        log.awaitSettled(Duration.ofSeconds(1), Duration.ofMinutes(2));
    }

    /** registry-pruner's own command line, applied, with push times and audits through Kafka. */
    private void prune(ImageRepository image) throws IOException, InterruptedException {
        out.println("  pruning (registry-pruner: prune run --apply) ...");
        Process p = new ProcessBuilder("java", "-jar", pipeline.prunerJar().toString(), "prune", "run",
                "--registry", "http://" + image.registry(), "--repository", image.name(),
                "--policy", files.policy().toString(), "--bootstrap-servers", pipeline.kafkaBootstrap(), "--apply")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("the pruner failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "):\n" + output);
        }
        output.lines().forEach(line -> out.println("    " + line));
    }

    /**
     * The image's tags, without its attachments ({@code sha256-<hex>}, {@code sha256-<hex>.sig/.att/.sbom}: signatures
     * are randomized and provenance is dated, so they differ from run to run); those are counted in one line.
     */
    private Map<ImageTag, Digest> registryTags(ImageRepository image) throws IOException {
        try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(image.registry())).build()) {
            Map<ImageTag, Digest> tags = new TreeMap<>();
            Map<String, Integer> attachments = new TreeMap<>();
            for (ImageTag tag : client.listTags(image)) {
                java.util.regex.Matcher m = ATTACHMENT_TAG.matcher(tag.value());
                if (m.matches()) {
                    attachments.merge(m.group(1) == null ? "referrers index" : m.group(1).substring(1), 1, Integer::sum);
                    continue;
                }
                client.resolve(image, tag).ifPresent(d -> tags.put(tag, d.digest()));
            }
            if (!attachments.isEmpty()) {
                out.println("  attachments of " + image + " (not in the table): " + attachments
                        + "; check one with ./tagline verify IMAGE:TAG --key PUBLIC.pem");
            }
            return tags;
        } catch (RegistryException e) {
            throw new IOException("cannot read " + image + ": " + e.getMessage(), e);
        }
    }
}
