package dev.tagline.builder.service;

import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.config.SbomSettings;
import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.builder.index.BuiltImageIndex;
import dev.tagline.builder.sandbox.Sandbox;
import dev.tagline.builder.push.LocalImage;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.recipe.BuildKey;
import dev.tagline.builder.recipe.BuildShape;
import dev.tagline.builder.recipe.CommitDate;
import dev.tagline.builder.recipe.LayerEntry;
import dev.tagline.builder.recipe.LayerSelector;
import dev.tagline.builder.recipe.ManifestJson;
import dev.tagline.builder.recipe.RecipeException;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.signing.ImageSigner;
import dev.tagline.builder.signing.ProvenanceFactory;
import dev.tagline.builder.signing.SigningKey;
import dev.tagline.builder.signing.SigningPolicy;
import dev.tagline.builder.steps.AttachReleaseNotesStep;
import dev.tagline.builder.steps.AttachSbomStep;
import dev.tagline.builder.steps.BaseImage;
import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.builder.steps.BuildVariantStep;
import dev.tagline.builder.steps.BuildVariantStep.ImageSpec;
import dev.tagline.builder.steps.FetchCommitStep;
import dev.tagline.builder.steps.FindBuiltImageStep;
import dev.tagline.builder.steps.FloatingTagsStep;
import dev.tagline.builder.steps.ImageContents;
import dev.tagline.builder.steps.Parallel;
import dev.tagline.builder.steps.PushTagsStep;
import dev.tagline.builder.steps.PushedImage;
import dev.tagline.builder.steps.ResolveBaseStep;
import dev.tagline.builder.steps.RunBuildCommandStep;
import dev.tagline.builder.steps.TagDiff;
import dev.tagline.builder.steps.TagKinds;
import dev.tagline.builder.steps.UntagStep;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Builds one variant of one plan and always returns its {@link BuildResult}: the steps in order
 * (resolve base, read the tags, find an image already built from the same inputs, else fetch,
 * run the command, build and push with jib), then write the missing tags. A permanent failure ends
 * as a FAILED result with a clear message; a transient one is handed back to be retried.
 */
public final class VariantBuilder implements VariantBuild {
    private static final Logger LOG = LoggerFactory.getLogger(VariantBuilder.class);

    private final BuilderConfig config;
    private final RegistryClient client;
    private final FetchCommitStep fetch;
    private final RunBuildCommandStep command;
    private final ResolveBaseStep resolveBase;
    private final FindBuiltImageStep findBuilt;
    private final BuildVariantStep buildVariant;
    private final PushLocks locks;
    private final PushTagsStep pushTags;
    private final FloatingTagsStep floatingTags;
    private final UntagStep untag;
    private final ImageSigner signer;
    private final ProvenanceFactory provenance;
    private final AttachSbomStep sbom; // null: tagline.builder.sbom.enabled=false
    private final AttachReleaseNotesStep releaseNotes;
    private final Path workRoot;
    private final Clock clock;
    private volatile BiConsumer<String, Long> stepListener = (step, millis) -> { };
    /**
     * What each variant in flight saw its planned tags point at when it started, by plan id and variant, for its plan's
     * floating tags step (which then reads again only the tags that already pointed at the digest). Bounded: a plan
     * abandoned before that step leaves an entry that the oldest-first limit drops.
     */
    private final Map<String, Map<ImageRepository, Map<ImageTag, Digest>>> seenTags = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<ImageRepository, Map<ImageTag, Digest>>> eldest) {
                    return size() > 1024;
                }
            });
    /**
     * Where a variant's independent registry round trips run at once (blob uploads, tag reads and writes, the SBOM,
     * notes and signature attachments): threads that wait on the network, made on demand and gone after a minute idle.
     * A variant's thread always waits for what it started here ({@link Parallel}).
     */
    private final ExecutorService io = Executors.newCachedThreadPool(DaemonThreads.named("variant-io-"));

    public VariantBuilder(BuilderConfig config, RegistryAccess access, Clock clock) {
        this(config, access, new PushLocks(), clock);
    }

    /** {@code locks}: shared by every builder pushing from this process (one per {@link BuildService}). */
    public VariantBuilder(BuilderConfig config, RegistryAccess access, PushLocks locks, Clock clock) {
        this(config, sandboxFor(config, SandboxConfig.defaults()), access, locks, clock, SbomSettings.DEFAULT, Optional.empty());
    }

    /** {@code signingKey}: when present, every digest pushed under a tag is signed and attested first ({@link #sign}). */
    public VariantBuilder(BuilderConfig config, RegistryAccess access, PushLocks locks, Clock clock, Optional<SigningKey> signingKey) {
        this(config, sandboxFor(config, SandboxConfig.defaults()), access, locks, clock, SbomSettings.DEFAULT, signingKey);
    }

    /** {@code sbom}: whether (and how) an SBOM is attached to every manifest pushed ({@link AttachSbomStep}). */
    public VariantBuilder(BuilderConfig config, RegistryAccess access, PushLocks locks, Clock clock, SbomSettings sbom) {
        this(config, sandboxFor(config, SandboxConfig.defaults()), access, locks, clock, sbom, Optional.empty());
    }

    /** {@code sandbox}: where build commands run (one per process, checked at start: {@link Sandbox#start}). */
    public VariantBuilder(BuilderConfig config, Sandbox sandbox, RegistryAccess access, PushLocks locks, Clock clock) {
        this(config, sandbox, access, locks, clock, SbomSettings.DEFAULT, Optional.empty());
    }

    /**
     * {@code sandbox}: where build commands run (one per process, checked at start: {@link Sandbox#start});
     * {@code sbom}: whether (and how) an SBOM is attached to every manifest pushed ({@link AttachSbomStep});
     * {@code signingKey}: when present, every digest pushed under a tag is signed and attested ({@link #sign}).
     */
    public VariantBuilder(BuilderConfig config, Sandbox sandbox, RegistryAccess access, PushLocks locks, Clock clock, SbomSettings sbom,
                          Optional<SigningKey> signingKey) {
        this.config = config;
        this.client = access.client();
        this.fetch = new FetchCommitStep(config.cacheDir().resolve("git"));
        this.command = new RunBuildCommandStep(config.maxCommandTime(), sandbox);
        this.resolveBase = new ResolveBaseStep(client);
        this.findBuilt = new FindBuiltImageStep(client, new BuiltImageIndex(config.cacheDir().resolve("built")));
        this.buildVariant = new BuildVariantStep(access, locks, config.cacheDir().resolve("jib"), config.toolName(), config.toolVersion(),
                io);
        this.locks = locks;
        this.pushTags = new PushTagsStep(client, io);
        this.floatingTags = new FloatingTagsStep(pushTags, io);
        this.untag = new UntagStep(client);
        this.releaseNotes = new AttachReleaseNotesStep(client, fetch, locks);
        this.sbom = sbom.enabled()
                ? new AttachSbomStep(client, sbom, locks, config.cacheDir().resolve("jib"), config.toolName(), config.toolVersion()) : null;
        this.workRoot = config.cacheDir().resolve("work");
        this.clock = clock;
        this.signer = signingKey.map(k -> new ImageSigner(client, k)).orElse(null);
        this.provenance = new ProvenanceFactory(config.toolName(), config.toolVersion());
    }

    /**
     * The sandbox of this builder's commands: never shows the builder's cache dir, its Docker config or
     * {@code secrets} (the signing key) as a tool.
     */
    public static Sandbox sandboxFor(BuilderConfig config, SandboxConfig sandbox, Path... secrets) {
        List<Path> own = new ArrayList<>(List.of(config.cacheDir().toAbsolutePath()));
        for (Path secret : secrets) {
            own.add(secret.toAbsolutePath());
            if (secret.toAbsolutePath().getParent() != null) {
                own.add(secret.toAbsolutePath().getParent());
            }
        }
        if (config.dockerConfig() != null) {
            own.add(config.dockerConfig().toAbsolutePath());
            if (config.dockerConfig().toAbsolutePath().getParent() != null) {
                own.add(config.dockerConfig().toAbsolutePath().getParent());
            }
        }
        return Sandbox.start(sandbox, own);
    }

    /** Told each step's wall time (ms) after every successful attempt: the service's step metrics. */
    public VariantBuilder onStep(BiConsumer<String, Long> listener) {
        this.stepListener = listener;
        return this;
    }

    /** What one repository received: the final digest and the bytes jib had to upload for it. */
    private record Pushed(Digest digest, long uploadedBytes) {
    }

    /** Mutable stopwatch of one attempt. */
    private static final class Timings {
        final StepTimes steps = new StepTimes();
        long fetch;
        long command;
        long image;
        long push;

        BuildTimings done(long startNanos) {
            return new BuildTimings(fetch, command, image, push, millisSince(startNanos));
        }
    }

    /**
     * One attempt: its result (SUCCEEDED, or FAILED for a permanent failure), or the transient failure
     * for the caller to retry later ({@link PlanRunner}: the service; {@link #build}: the CLI).
     */
    public VariantAttempt attempt(TagPlan plan, VariantPlan variant) throws InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Timings timings = new Timings();
        BuildFailure failure;
        try {
            BuildResult result = attempt(plan, variant, timings, started, t0);
            LOG.info("variant {} of plan {}: {} ms, steps (ms): {}", variant.name(), plan.planId(), result.timings().totalMillis(),
                    timings.steps.line());
            timings.steps.report(stepListener);
            return VariantAttempt.done(result);
        } catch (BuildFailure f) {
            failure = f;
        } catch (RuntimeException e) {
            LOG.error("variant {} of plan {}: unexpected failure", variant.name(), plan.planId(), e);
            failure = new BuildFailure(BuildFailure.Stage.BUILD, "unexpected failure: " + e, false, e);
        }
        if (Thread.interrupted()) {
            // cancelled (revoked partition, shutdown): no result at all, the plan stays uncommitted
            throw new InterruptedException("variant " + variant.name() + " of plan " + plan.planId() + " cancelled");
        }
        if (failure.transientFailure()) {
            return VariantAttempt.retry(failure);
        }
        LOG.warn("variant {} of plan {} FAILED at {}: {}", variant.name(), plan.planId(), failure.stage(), failure.getMessage());
        return VariantAttempt.done(ResultAssembler.failed(plan, variant.name(), failure.getMessage(), timings.done(t0), started,
                clock.instant()));
    }

    /**
     * Bounded, for the one-shot CLI: {@code tagline.builder.attempts} tries with a doubling backoff, then a FAILED
     * result saying it gave up. The service never uses this (its retries are unbounded in count and
     * bounded in time, without holding a build thread: {@link PlanRunner}).
     */
    @Override
    public BuildResult build(TagPlan plan, VariantPlan variant) throws InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        BuildFailure last = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            VariantAttempt a = attempt(plan, variant);
            if (a.result() != null) {
                return a.result();
            }
            last = a.transientFailure();
            if (attempt == config.attempts()) {
                break;
            }
            long wait = config.retryBackoff().toMillis() << (attempt - 1);
            LOG.warn("variant {} of plan {}: transient failure (attempt {} of {}), retrying in {} ms: {}",
                    variant.name(), plan.planId(), attempt, config.attempts(), wait, last.getMessage());
            Thread.sleep(wait);
        }
        String message = last.getMessage() + " (gave up after " + config.attempts() + " attempts)";
        LOG.warn("variant {} of plan {} FAILED at {}: {}", variant.name(), plan.planId(), last.stage(), message);
        return ResultAssembler.failed(plan, variant.name(), message, new Timings().done(t0), started, clock.instant());
    }

    /**
     * Bounded, for the one-shot CLI: {@link #moveFloatingTags} with {@code builder.attempts} tries on
     * transient failures; a failure that stays makes every result FAILED (the images are pushed, the
     * floating tags are not all moved).
     */
    public List<BuildResult> finish(TagPlan plan, List<BuildResult> results) throws InterruptedException {
        BuildFailure last = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            try {
                return moveFloatingTags(plan, results);
            } catch (BuildFailure f) {
                last = f;
                if (!f.transientFailure() || attempt == config.attempts()) {
                    break;
                }
                Thread.sleep(config.retryBackoff().toMillis() << (attempt - 1));
            }
        }
        String message = "every variant was pushed, but moving the plan's floating tags failed: " + last.getMessage();
        LOG.warn("plan {}: {}", plan.planId(), message);
        List<BuildResult> failed = new ArrayList<>();
        for (BuildResult r : results) {
            failed.add(ResultAssembler.failed(plan, r.variant(), message, r.timings(), r.startedAt(), clock.instant()));
        }
        return failed;
    }

    /**
     * After every variant of the plan has its final result: if all SUCCEEDED, moves the plan's floating
     * tags ({@link FloatingTagsStep}) and returns the results with them; otherwise moves none (a release
     * with a failed variant or platform never takes {@code latest}) and returns the results as they are.
     */
    public List<BuildResult> moveFloatingTags(TagPlan plan, List<BuildResult> results) throws BuildFailure {
        if (!FloatingTagsStep.allSucceeded(results)) {
            List<String> failed = results.stream().filter(r -> r.status() != dev.tagline.schema.event.BuildStatus.SUCCEEDED)
                    .map(BuildResult::variant).toList();
            LOG.warn("plan {}: variant(s) {} failed; its floating tags are not moved", plan.planId(), failed);
            return results;
        }
        long m0 = System.nanoTime();
        Map<String, Map<ImageRepository, TagDiff>> moved = floatingTags.move(plan, results,
                (variant, repo) -> seenTags.getOrDefault(seenKey(plan, variant), Map.of()).get(repo));
        for (VariantPlan v : plan.variants()) {
            seenTags.remove(seenKey(plan, v.name()));
        }
        long millis = millisSince(m0);
        Instant now = clock.instant();
        List<BuildResult> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            BuildResult r = results.get(i);
            out.add(ResultAssembler.withTags(r, moved.getOrDefault(r.variant(), Map.of()), plan.variants().get(i).tags(), millis, now));
        }
        LOG.debug("plan {}: floating tags moved in {} ms", plan.planId(), millis);
        return out;
    }

    private BuildResult attempt(TagPlan given, VariantPlan givenVariant, Timings timings, Instant started, long t0)
            throws BuildFailure, InterruptedException {
        if (givenVariant.tags().isEmpty()) {
            // a retraction with nothing to re-point: only its tags come off, nothing is built
            return Retraction.untagOnly(given, givenVariant, Retraction.apply(untag, given, givenVariant), timings.done(t0), started,
                    clock.instant());
        }
        TagPlan plan = given;
        VariantPlan variant = givenVariant;
        if (given.commitTime() == null) {
            // the planner did not know the commit time: the commit itself dates the image, never the time the event was seen
            long f0 = System.nanoTime();
            Instant commitTime = fetch.commitTime(given.repository(), given.cloneUrl(), given.commit());
            timings.fetch = millisSince(f0);
            plan = CommitDate.of(given, commitTime);
            variant = CommitDate.of(givenVariant, commitTime);
        }
        return attemptDated(plan, variant, timings, started, t0);
    }

    private BuildResult attemptDated(TagPlan plan, VariantPlan variant, Timings timings, Instant started, long t0)
            throws BuildFailure, InterruptedException {
        PreviewLocation.check(plan, variant);
        StepTimes steps = timings.steps;
        BaseImage base = steps.time("resolve-base", () -> resolveBase.resolve(variant.recipe()));
        String key = BuildKey.of(plan.commit(), plan.commitTime(), variant, base.keyPart(), config.toolVersion());
        try (PushLocks.Permit ignored = steps.time("build-lock", () -> locks.build(key)); Ahead ahead = ahead(plan, variant, base, key)) {
            return attemptLocked(plan, variant, timings, started, t0, steps, base, key, ahead);
        }
    }

    /** What a variant makes before anything goes to a registry: its work directory, checkout and local images. */
    private record Prepared(Path work, List<LocalImage> locals, ImageSpec listSpec, StepTimes steps, long fetchMillis,
                            long commandMillis, long imageMillis) {
    }

    /**
     * The fetch and local build of a variant that is most likely new (the build index knows no digest for its key, or a
     * rebuild), begun at once on an I/O thread while the planned tags are read and searched for an image with its key
     * (they write nothing to a registry); dropped (interrupted, its work deleted) if such an image is found. A variant
     * with a build command is prepared only when needed: the command may take minutes and is not worth running ahead.
     */
    private Ahead ahead(TagPlan plan, VariantPlan variant, BaseImage base, String key) {
        boolean likelyNew = plan.rebuild() || !findBuilt.indexed(key, variant.images());
        Parallel.Task<Prepared> prepare = () -> prepare(plan, variant, base, key);
        return new Ahead(variant.recipe().buildCommand() == null && likelyNew ? Parallel.start(io, prepare) : null, prepare);
    }

    /** A variant's {@link Prepared} work: begun ahead or not, taken when needed, always deleted at the end. */
    private static final class Ahead implements AutoCloseable {
        private final Parallel.Started<Prepared> started; // null: not begun ahead
        private final Parallel.Task<Prepared> prepare;
        private Prepared taken;

        Ahead(Parallel.Started<Prepared> started, Parallel.Task<Prepared> prepare) {
            this.started = started;
            this.prepare = prepare;
        }

        Prepared take() throws BuildFailure, InterruptedException {
            taken = started != null ? started.await() : prepare.call();
            return taken;
        }

        @Override
        public void close() {
            Prepared done = taken;
            if (done == null && started != null) {
                done = started.cancel();
            }
            if (done != null) {
                deleteQuietly(done.work());
            }
        }
    }

    private BuildResult attemptLocked(TagPlan plan, VariantPlan variant, Timings timings, Instant started, long t0, StepTimes steps,
                                      BaseImage base, String key, Ahead ahead) throws BuildFailure, InterruptedException {
        Map<ImageRepository, Map<ImageTag, Digest>> before = steps.time("current-tags", () -> {
            Map<ImageRepository, Map<ImageTag, Digest>> now = new LinkedHashMap<>();
            for (ImageRepository repo : variant.images()) {
                now.put(repo, pushTags.current(repo, variant.tags()));
            }
            return now;
        });
        seenTags.put(seenKey(plan, variant.name()), before);
        Digest digest = plan.rebuild() ? null : steps.time("find-built", () -> alreadyBuilt(before, key, variant.images()));
        boolean built = digest == null;
        Map<ImageRepository, Pushed> pushed = new LinkedHashMap<>();
        Map<ImageRepository, Set<ImageTag>> writtenByBuild = new HashMap<>();
        Map<ImageRepository, AttachSbomStep.Pending> sbomMade = new java.util.concurrent.ConcurrentHashMap<>();
        if (built) {
            digest = build(ahead, plan, variant, base, timings, pushed, writtenByBuild, sbomMade);
        } else {
            LOG.info("variant {} of plan {}: {} already built (same build key), only writing missing tags", variant.name(), plan.planId(), digest);
        }
        Digest found = digest;
        long p0 = System.nanoTime();
        Map<ImageRepository, Digest> digests = new LinkedHashMap<>();
        for (ImageRepository repo : variant.images()) {
            digests.put(repo, built ? pushed.get(repo).digest() : found);
        }
        // the SBOM, the release notes, the signature and provenance: independent of each other, attached at once, and
        // all before any tag of this plan points at the digest (a manifest list's first tag excepted: jib writes it)
        steps.time("attachments", () -> {
            Parallel.run(io,
                    () -> steps.time("sbom", () -> {
                        attachSbom(plan, variant, base, built, pushed, found, sbomMade);
                        return null;
                    }),
                    () -> steps.time("notes", () -> {
                        releaseNotes.attach(plan, digests);
                        return null;
                    }),
                    () -> steps.time("sign", () -> {
                        sign(plan, variant, base, key, built ? pushed : null, found, started);
                        return null;
                    }));
            return null;
        });
        Map<ImageRepository, TagDiff> diffs = new LinkedHashMap<>();
        List<ImageTag> immutable = TagKinds.immutable(plan, variant.tags());
        steps.time("immutable-tags", () -> {
            for (ImageRepository repo : variant.images()) {
                Digest repoDigest = built ? pushed.get(repo).digest() : found;
                // immutable tags now; floating ones once every variant of the plan succeeded (FloatingTagsStep)
                diffs.put(repo, pushTags.push(repo, immutable, before.get(repo), repoDigest, writtenByBuild.getOrDefault(repo, Set.of())));
            }
            return null;
        });
        timings.push = millisSince(p0);
        Platform single = variant.platforms().size() == 1 ? variant.platforms().get(0) : null;
        ImageContents contents = steps.time("contents", () -> ImageContents.read(client, variant.images().get(0), found, single));
        long total = contents.totalBytes() * variant.images().size();
        long uploaded = pushed.values().stream().mapToLong(Pushed::uploadedBytes).sum();
        findBuilt.remember(key, digests);
        List<dev.tagline.schema.event.PushedTags> removed = steps.time("untag", () -> Retraction.apply(untag, plan, variant));
        // promoted: the image was found already built, so this build only PUT manifests of its digest
        return ResultAssembler.succeeded(plan, variant.name(), digest, contents.mediaType(), contents.platforms(), diffs,
                uploaded, Math.max(0, total - uploaded), timings.done(t0), started, clock.instant()).with(!built, removed);
    }

    /**
     * Signs and attests the variant's digest in every target repository, when a key is configured and
     * {@link SigningPolicy#shouldSign} says so. Existing valid attachments are kept (no write). A failure fails
     * the variant (transient registry errors are retried as any push), so its tags and the plan's floating
     * tags never move to an unsigned digest.
     */
    private void sign(TagPlan plan, VariantPlan variant, BaseImage base, String key, Map<ImageRepository, Pushed> pushed,
                      Digest digest, Instant started) throws BuildFailure {
        if (signer == null || !SigningPolicy.shouldSign(plan)) {
            return;
        }
        Instant finished = clock.instant();
        for (ImageRepository repo : variant.images()) {
            Digest repoDigest = pushed != null ? pushed.get(repo).digest() : digest;
            ProvenanceFactory.Build build = new ProvenanceFactory.Build(plan, variant, base.scratch() ? null : base.requested(),
                    base.digest(), key, started, finished);
            try {
                ImageSigner.Signed s = signer.sign(repo, repoDigest, () -> provenance.statement(repo, repoDigest, build));
                LOG.info("variant {} of plan {}: {}@{} signature {} ({}), provenance {} ({})", variant.name(), plan.planId(), repo,
                        repoDigest, s.signature(), s.signatureReused() ? "kept" : "written", s.attestation(),
                        s.attestationReused() ? "kept" : "written");
            } catch (RegistryException e) {
                throw new BuildFailure(BuildFailure.Stage.SIGN, "signing " + repo + "@" + repoDigest.value() + " failed: " + e.getMessage(),
                        e.transientFailure(), e);
            } catch (RuntimeException e) {
                throw new BuildFailure(BuildFailure.Stage.SIGN, "signing " + repo + "@" + repoDigest.value() + " failed: " + e, false, e);
            }
        }
    }

    /**
     * The SBOM of every manifest of the variant, in every repository, before any of its tags is written: a failure
     * here fails (or retries) the variant, so no floating tag moves onto an image without its SBOM.
     */
    private void attachSbom(TagPlan plan, VariantPlan variant, BaseImage base, boolean built, Map<ImageRepository, Pushed> pushed,
                            Digest digest, Map<ImageRepository, AttachSbomStep.Pending> made) throws BuildFailure, InterruptedException {
        if (sbom == null) {
            return;
        }
        Platform single = variant.platforms().size() == 1 ? variant.platforms().get(0) : null;
        for (ImageRepository repo : variant.images()) {
            AttachSbomStep.Pending pending = made.get(repo);
            if (pending != null) {
                sbom.finish(pending, io); // made while the image was pushed: only its manifest is left to write
                continue;
            }
            sbom.attach(List.of(repo), built ? pushed.get(repo).digest() : digest, single, base, plan.commitTime());
        }
    }

    /** A digest with this build key behind a planned tag or in the build index, held by every target repository; else null. */
    private Digest alreadyBuilt(Map<ImageRepository, Map<ImageTag, Digest>> before, String key, List<ImageRepository> images)
            throws BuildFailure {
        Optional<FindBuiltImageStep.Found> found = findBuilt.find(before, key, images);
        if (found.isEmpty()) {
            return null;
        }
        Digest digest = found.get().digest();
        for (ImageRepository repo : images) {
            // a planned tag of this repository resolved to it just now, or the search checked it: it holds it, no need to ask again
            boolean seen = repo.equals(found.get().heldBy()) || before.getOrDefault(repo, Map.of()).containsValue(digest);
            if (!seen && !pushTags.holds(repo, digest)) {
                return null;
            }
        }
        return digest;
    }

    /** Fetches, runs the command, builds the local image(s): everything before the registry. Deletes its work on failure. */
    private Prepared prepare(TagPlan plan, VariantPlan variant, BaseImage base, String key) throws BuildFailure, InterruptedException {
        Path work;
        try {
            Files.createDirectories(workRoot);
            work = Files.createTempDirectory(workRoot, "build-");
        } catch (IOException e) {
            throw BuildFailure.permanent(BuildFailure.Stage.FETCH, "cannot create a work directory under " + workRoot + ": " + e.getMessage());
        }
        try {
            StepTimes steps = new StepTimes();
            Path checkout = work.resolve("src");
            long f0 = System.nanoTime();
            fetch.fetchAndCheckout(plan.repository(), plan.cloneUrl(), plan.commit(), checkout, plan.ref().isTag() ? plan.ref().shortName() : null);
            long fetched = millisSince(f0);
            steps.record("fetch", fetched);
            long command = 0;
            if (variant.recipe().buildCommand() != null) {
                long c0 = System.nanoTime();
                this.command.run(variant.recipe().buildCommand(), checkout, work, plan.commitTime(), plan.trusted());
                command = millisSince(c0);
                steps.record("command", command);
            }
            long i0 = System.nanoTime();
            List<Platform> platforms = variant.platforms();
            List<LocalImage> locals = new ArrayList<>();
            ImageSpec listSpec = null;
            if (BuildShape.of(variant) == BuildShape.MANIFEST_LIST) {
                listSpec = spec(plan, variant, base, key, checkout, platforms, ImageFormat.Docker); // jib pushes it: no local pass
            } else {
                // one local image (jib's only pass: its digest and blobs) per platform, pushed everywhere by tagline
                for (Platform p : BuildShape.of(variant) == BuildShape.SINGLE_IMAGE ? List.of(platforms.get(0)) : platforms) {
                    ImageSpec spec = spec(plan, variant, base, key, checkout, List.of(p), ImageFormat.OCI);
                    locals.add(steps.time("build-local", () -> buildVariant.buildLocal(spec, variant.images().get(0), work)));
                }
            }
            return new Prepared(work, locals, listSpec, steps, fetched, command, millisSince(i0));
        } catch (BuildFailure | InterruptedException | RuntimeException e) {
            deleteQuietly(work);
            throw e;
        }
    }

    /** The variant's image(s), prepared (ahead or now), pushed to every target repository; the digest of the first. */
    private Digest build(Ahead ahead, TagPlan plan, VariantPlan variant, BaseImage base, Timings timings,
                         Map<ImageRepository, Pushed> pushed, Map<ImageRepository, Set<ImageTag>> writtenByBuild,
                         Map<ImageRepository, AttachSbomStep.Pending> sbomMade) throws BuildFailure, InterruptedException {
        Prepared prepared = ahead.take();
        timings.steps.addAll(prepared.steps());
        timings.fetch += prepared.fetchMillis();
        timings.command = prepared.commandMillis();
        long i0 = System.nanoTime();
        push(plan, variant, base, prepared, pushed, writtenByBuild, sbomMade, timings.steps);
        timings.image = prepared.imageMillis() + millisSince(i0);
        Digest first = null;
        for (Map.Entry<ImageRepository, Pushed> p : pushed.entrySet()) {
            if (first == null) {
                first = p.getValue().digest();
            } else if (!first.equals(p.getValue().digest())) {
                LOG.warn("variant {}: {} got {} but {} got {}", variant.name(), variant.images().get(0), first, p.getKey(),
                        p.getValue().digest());
            }
        }
        return first;
    }

    /**
     * Builds once, pushes everywhere: each platform image was built once (jib's local pass, which gives its digest and
     * blobs) and is pushed to every target repository; bytes uploaded are counted per push.
     */
    private void push(TagPlan plan, VariantPlan variant, BaseImage base, Prepared prepared, Map<ImageRepository, Pushed> pushed,
                      Map<ImageRepository, Set<ImageTag>> writtenByBuild, Map<ImageRepository, AttachSbomStep.Pending> sbomMade,
                      StepTimes steps) throws BuildFailure, InterruptedException {
        BuildShape shape = BuildShape.of(variant);
        List<Platform> platforms = variant.platforms();
        switch (shape) {
            case SINGLE_IMAGE -> {
                LocalImage local = prepared.locals().get(0);
                // the manifest as it will be tagged, known before anything is pushed: jib's, or jib's with the plan's annotations
                byte[] manifest = variant.annotations().isEmpty() ? local.manifest()
                        : ManifestJson.withAnnotations(local.manifest(), variant.annotations());
                dev.tagline.registry.Manifest view = dev.tagline.registry.ManifestJson.parse(manifest, local.mediaType());
                for (ImageRepository repo : variant.images()) {
                    ImageRepository mountFrom = mountSource(repo, pushed.keySet(), base);
                    // the SBOM is made from the local image, its blobs uploaded, while the image goes up (its manifest: later)
                    List<Pushed> p = Parallel.all(io, List.<Parallel.Task<Pushed>>of(
                            () -> steps.time("push-image", () -> {
                                long uploaded = buildVariant.pushBlobs(local, repo, mountFrom, io);
                                return new Pushed(putManifest(repo, manifest, local.mediaType()), uploaded);
                            }),
                            () -> {
                                if (sbom != null) {
                                    sbomMade.put(repo, steps.time("sbom-make", () -> sbom.prepare(repo, view, local, platforms.get(0), base,
                                            plan.commitTime(), io)));
                                }
                                return null;
                            }));
                    pushed.put(repo, p.get(0));
                }
            }
            case MANIFEST_LIST -> {
                ImageTag tag = TagKinds.firstImmutable(plan, variant.tags());
                for (ImageRepository repo : variant.images()) {
                    PushedImage image = steps.time("push-image", () -> buildVariant.pushWithTag(prepared.listSpec(), repo, tag));
                    writtenByBuild.computeIfAbsent(repo, r -> new java.util.HashSet<>()).add(tag);
                    pushed.put(repo, new Pushed(image.digest(), image.uploadedBytes()));
                }
            }
            default -> {
                List<LocalImage> locals = prepared.locals();
                for (ImageRepository repo : variant.images()) {
                    ImageRepository mountFrom = mountSource(repo, pushed.keySet(), base);
                    Pushed p = steps.time("push-image", () -> {
                        // the platform images at once (their shared blobs still go up once: PushLocks), then the index
                        List<Parallel.Task<PushedImage>> children = new ArrayList<>();
                        for (LocalImage local : locals) {
                            children.add(() -> buildVariant.pushByDigest(local, repo, mountFrom, io));
                        }
                        List<PushedImage> done = Parallel.all(io, children);
                        List<ManifestJson.Child> index = new ArrayList<>();
                        long uploaded = 0;
                        for (int i = 0; i < platforms.size(); i++) {
                            uploaded += done.get(i).uploadedBytes();
                            LocalImage local = locals.get(i);
                            index.add(new ManifestJson.Child(platforms.get(i), local.digest(), local.manifest().length, local.mediaType()));
                        }
                        byte[] bytes = ManifestJson.ociIndex(index, variant.annotations());
                        return new Pushed(putManifest(repo, bytes, ManifestJson.OCI_INDEX), uploaded);
                    });
                    pushed.put(repo, p);
                }
            }
        }
    }

    /**
     * Where {@code repo} may mount blobs from instead of receiving their bytes: a target repository of the same registry
     * this variant already pushed (it holds every blob), else the base image's repository on the same registry (its
     * layers). A blob the source lacks is uploaded as usual, at no extra round trip.
     */
    private static ImageRepository mountSource(ImageRepository repo, Set<ImageRepository> done, BaseImage base) {
        for (ImageRepository d : done) {
            if (d.registry().equals(repo.registry())) {
                return d;
            }
        }
        if (!base.scratch()) {
            com.google.cloud.tools.jib.api.ImageReference ref = base.reference();
            String registry = ref.getRegistry().equals("registry-1.docker.io") ? ImageRepository.DOCKER_HUB : ref.getRegistry();
            if (registry.equals(repo.registry())) {
                return ImageRepository.of(registry, ref.getRepository());
            }
        }
        return null;
    }

    private ImageSpec spec(TagPlan plan, VariantPlan variant, BaseImage base, String key, Path checkout, List<Platform> platforms,
                           ImageFormat format) throws BuildFailure {
        List<Layer> layers = variant.recipe().layers();
        List<List<LayerEntry>> files = new ArrayList<>();
        for (Layer layer : layers) {
            try {
                files.add(LayerSelector.select(checkout, layer, platforms.get(0)));
            } catch (RecipeException e) {
                throw BuildFailure.permanent(BuildFailure.Stage.RECIPE, e.getMessage() + " at commit " + plan.commit().value());
            }
        }
        return new ImageSpec(base, layers, files, variant.recipe().container(), variant.labels(), key, plan.commitTime(),
                platforms, format);
    }

    private Manifest getManifest(ImageRepository repo, Digest digest) throws BuildFailure {
        try {
            return client.getManifest(repo, digest);
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
        }
    }

    private Digest putManifest(ImageRepository repo, byte[] body, String mediaType) throws BuildFailure {
        try {
            return client.putManifest(repo, Digest.of(body), body, mediaType);
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
        }
    }

    private static String seenKey(TagPlan plan, String variant) {
        return plan.planId() + "/" + variant;
    }

    private static long millisSince(long startNanos) {
        return Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
