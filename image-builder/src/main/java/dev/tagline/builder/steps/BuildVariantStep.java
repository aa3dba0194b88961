package dev.tagline.builder.steps;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.tagline.builder.push.LocalImage;
import dev.tagline.builder.push.OciLayoutTar;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.recipe.BuildKey;
import dev.tagline.builder.recipe.LayerEntry;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.ContainerConfig;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an image with jib-core and pushes it, reproducibly: creation time = commit time, every
 * file's modification time fixed ({@link #FILE_TIME}, jib's own default), permissions from the
 * recipe, the tool name and version pinned (jib writes them into the history), platforms in plan
 * order, labels sorted, plus the {@link BuildKey} label.
 */
public final class BuildVariantStep {
    /** The modification time of every file in every layer (jib's default: 1970-01-01T00:00:01Z). */
    public static final Instant FILE_TIME = Instant.ofEpochSecond(1);
    private static final Pattern SKIPPED = Pattern.compile("BLOB already exists on target registry : digest: (sha256:[0-9a-f]{64})");

    private final RegistryAccess access;
    private final PushLocks locks;
    private final Path baseLayersCache;
    private final Path applicationLayersCache;
    private final String toolName;
    private final String toolVersion;
    private final ExecutorService jibThreads;

    /**
     * {@code jibThreads}: where jib runs its steps (the builder's I/O pool, whose idle threads are reused; jib does not
     * shut it down). Without it jib made a thread pool per image, three to four new threads per variant.
     */
    public BuildVariantStep(RegistryAccess access, PushLocks locks, Path jibCache, String toolName, String toolVersion,
                            ExecutorService jibThreads) {
        this.jibThreads = jibThreads;
        this.access = access;
        this.locks = locks;
        this.baseLayersCache = jibCache.resolve("base");
        this.applicationLayersCache = jibCache.resolve("application");
        this.toolName = toolName;
        this.toolVersion = toolVersion;
    }

    /** Everything jib needs for one image (one platform, or several sharing the same layers). */
    public record ImageSpec(BaseImage base, List<Layer> layers, List<List<LayerEntry>> files, ContainerConfig container,
                            Map<String, String> labels, String buildKey, Instant created, List<Platform> platforms,
                            ImageFormat format) {
    }

    JibContainerBuilder containerBuilder(ImageSpec spec) {
        JibContainerBuilder b = spec.base().scratch() ? Jib.fromScratch() : Jib.from(access.jibImage(spec.base().reference()));
        for (int i = 0; i < spec.layers().size(); i++) {
            FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(spec.layers().get(i).name());
            for (LayerEntry e : spec.files().get(i)) {
                layer.addEntry(new FileEntry(e.source(), AbsoluteUnixPath.get(e.target()),
                        FilePermissions.fromOctalString(e.octalMode()), FILE_TIME));
            }
            b.addFileEntriesLayer(layer.build());
        }
        ContainerConfig c = spec.container();
        if (!c.entrypoint().isEmpty()) {
            b.setEntrypoint(c.entrypoint());
        }
        if (!c.cmd().isEmpty()) {
            b.setProgramArguments(c.cmd());
        }
        new TreeMap<>(c.env()).forEach(b::addEnvironmentVariable);
        if (c.workingDir() != null) {
            b.setWorkingDirectory(AbsoluteUnixPath.get(c.workingDir()));
        }
        if (c.user() != null) {
            b.setUser(c.user());
        }
        for (String port : c.exposedPorts()) {
            String[] parts = port.split("/");
            int number = Integer.parseInt(parts[0]);
            b.addExposedPort(parts.length > 1 && parts[1].equals("udp") ? Port.udp(number) : Port.tcp(number));
        }
        for (String volume : c.volumes()) {
            b.addVolume(AbsoluteUnixPath.get(volume));
        }
        new TreeMap<>(spec.labels()).forEach(b::addLabel);
        b.addLabel(BuildKey.LABEL, spec.buildKey());
        b.setCreationTime(spec.created());
        Set<com.google.cloud.tools.jib.api.buildplan.Platform> platforms = new LinkedHashSet<>();
        for (Platform p : spec.platforms()) {
            platforms.add(new com.google.cloud.tools.jib.api.buildplan.Platform(p.architecture(), p.os()));
        }
        b.setPlatforms(platforms);
        b.setFormat(spec.format());
        return b;
    }

    /**
     * Builds one single-platform image into a local OCI layout tar (jib's only pass), to learn its digest, its
     * manifest and its blobs before anything is pushed. Built once per variant and platform, then pushed by tagline
     * itself to every target repository ({@link #pushBlobs}, {@link #pushByDigest}). The tar stays in {@code workDir}
     * (the blobs are pushed from it), which the caller deletes after the build.
     */
    public LocalImage buildLocal(ImageSpec spec, ImageRepository name, Path workDir) throws BuildFailure, InterruptedException {
        Path tar = workDir.resolve("image-" + System.nanoTime() + ".tar");
        try {
            Containerizer toTar = configure(Containerizer.to(TarImage.at(tar).named(ImageReference.parse(name.value()))),
                    name, spec, ConcurrentHashMap.newKeySet());
            JibContainer local = containerBuilder(spec).containerize(toTar);
            return OciLayoutTar.read(tar, Digest.parse(local.getDigest().toString()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw Failures.classify(BuildFailure.Stage.BUILD, "building the image for " + name, e);
        }
    }

    /**
     * Uploads the blobs of an image built by {@link #buildLocal} that {@code repo} lacks, straight from the tar, at
     * once ({@code io}); no manifest, no tag. A blob is mounted from {@code mountFrom} (a repository of the same
     * registry that holds it: another target repository pushed first, or the base image's) instead of uploaded when
     * the registry agrees; otherwise it is uploaded (a refused mount costs no extra round trip). Each blob is locked in
     * {@code repo} while it is checked and uploaded ({@link PushLocks}): no other push uploads it meanwhile, so a blob
     * missing when checked is exactly one this push sends. Returns the bytes uploaded (mounted blobs are not counted).
     */
    public long pushBlobs(LocalImage local, ImageRepository repo, ImageRepository mountFrom, ExecutorService io)
            throws BuildFailure, InterruptedException {
        List<Parallel.Task<Long>> uploads = new ArrayList<>();
        for (Map.Entry<Digest, Long> blob : local.blobs().entrySet()) {
            // each blob under its own lock, checked and uploaded on its own: a push sharing one blob with another waits
            // for that blob only, not for every blob of the other image
            uploads.add(() -> {
                try (PushLocks.Permit ignored = locks.blobs(repo, List.of(blob.getKey()))) {
                    if (access.client().blobExists(repo, blob.getKey())) {
                        return 0L;
                    }
                    boolean mounted = access.client().uploadBlob(repo, blob.getKey(), local.blob(blob.getKey()), mountFrom);
                    return mounted ? 0L : blob.getValue();
                } catch (RegistryException e) {
                    throw new BuildFailure(BuildFailure.Stage.PUSH, "pushing " + repo.withDigest(local.digest()) + ": "
                            + e.getMessage(), e.transientFailure(), e);
                }
            });
        }
        long uploaded = 0;
        for (Long n : Parallel.all(io, uploads)) {
            uploaded += n;
        }
        return uploaded;
    }

    /** {@link #pushBlobs}, then the manifest exactly as built, by digest (untagged: tags are written later, only where missing). */
    public PushedImage pushByDigest(LocalImage local, ImageRepository repo, ImageRepository mountFrom, ExecutorService io)
            throws BuildFailure, InterruptedException {
        long uploaded = pushBlobs(local, repo, mountFrom, io);
        try {
            access.client().putManifest(repo, local.digest(), local.manifest(), local.mediaType());
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, e.getMessage(), e.transientFailure(), e);
        }
        return new PushedImage(local.digest(), uploaded);
    }

    /**
     * Pushes under one tag (jib's manifest list needs one: it cannot be built to a tar). Its blobs are not
     * known before the push, so it takes the whole repository ({@link PushLocks#repository}); the bytes
     * uploaded are the image's blobs jib did not report as already there.
     */
    public PushedImage pushWithTag(ImageSpec spec, ImageRepository repo, ImageTag tag) throws BuildFailure, InterruptedException {
        try (PushLocks.Permit ignored = locks.repository(repo, true)) {
            Set<Digest> skipped = ConcurrentHashMap.newKeySet();
            PushedImage pushed = push(spec, repo, parse(repo.withTag(tag)), "pushing " + repo.withTag(tag), skipped);
            ImageContents contents = ImageContents.read(access.client(), repo, pushed.digest(), null);
            long uploaded = 0;
            for (Map.Entry<Digest, Long> blob : contents.blobs().entrySet()) {
                if (!skipped.contains(blob.getKey())) {
                    uploaded += blob.getValue();
                }
            }
            return new PushedImage(pushed.digest(), uploaded);
        }
    }

    private PushedImage push(ImageSpec spec, ImageRepository repo, ImageReference target, String action, Set<Digest> skipped)
            throws BuildFailure, InterruptedException {
        try {
            Containerizer containerizer = configure(Containerizer.to(access.jibImage(target)), repo, spec, skipped);
            JibContainer pushed = containerBuilder(spec).containerize(containerizer);
            return new PushedImage(Digest.parse(pushed.getDigest().toString()), 0);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw Failures.classify(BuildFailure.Stage.BUILD, action, e);
        }
    }

    private Containerizer configure(Containerizer c, ImageRepository repo, ImageSpec spec, Set<Digest> skipped) {
        boolean insecure = access.insecure(repo.registry())
                || (!spec.base().scratch() && access.insecure(spec.base().reference().getRegistry()));
        return c.setToolName(toolName)
                .setToolVersion(toolVersion)
                .setExecutorService(jibThreads)
                .setAllowInsecureRegistries(insecure)
                .setBaseImageLayersCache(baseLayersCache)
                .setApplicationLayersCache(applicationLayersCache)
                .addEventHandler(LogEvent.class, e -> {
                    Matcher m = SKIPPED.matcher(e.getMessage());
                    if (m.find()) {
                        skipped.add(Digest.parse(m.group(1)));
                    }
                });
    }

    private static ImageReference parse(String reference) throws BuildFailure {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw BuildFailure.permanent(BuildFailure.Stage.BUILD, "'" + reference + "' is not an image reference jib accepts");
        }
    }
}
