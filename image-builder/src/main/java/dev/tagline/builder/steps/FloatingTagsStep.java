package dev.tagline.builder.steps;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Moves a plan's floating tags ({@link TagKinds}: {@code latest}, {@code 1}, {@code 1.2}, channels,
 * {@code latest-<variant>}...) once every variant and platform of the plan is pushed: never before, so a
 * half-built release never takes {@code latest}. Idempotent like {@link PushTagsStep}: only tags absent
 * or pointing elsewhere are written.
 */
public final class FloatingTagsStep {
    private final PushTagsStep pushTags;
    private final ExecutorService io;

    public FloatingTagsStep(PushTagsStep pushTags) {
        this(pushTags, null);
    }

    /** {@code io}: where the variants' and repositories' tags are moved at once (null: one after the other). */
    public FloatingTagsStep(PushTagsStep pushTags, ExecutorService io) {
        this.pushTags = pushTags;
        this.io = io;
    }

    /** True when the plan may move its floating tags: every variant SUCCEEDED. */
    public static boolean allSucceeded(List<BuildResult> results) {
        return results.stream().allMatch(r -> r != null && r.status() == BuildStatus.SUCCEEDED);
    }

    /**
     * For each variant (in plan order) and each of its repositories, the diff of its floating tags after
     * writing them to the variant's digest. {@code results} are in plan order and all SUCCEEDED.
     */
    public Map<String, Map<ImageRepository, TagDiff>> move(TagPlan plan, List<BuildResult> results) throws BuildFailure {
        return move(plan, results, (variant, repo) -> null);
    }

    /** What a variant saw its tags of one repository point at when it started; null when not known. */
    @FunctionalInterface
    public interface Seen {
        Map<ImageTag, Digest> tags(String variant, ImageRepository repo);
    }

    /**
     * {@link #move(TagPlan, List)}, knowing what each variant saw its tags point at when it started: only the tags that
     * already pointed at its digest are read again ({@link PushTagsStep#recheck}); the others are written.
     */
    public Map<String, Map<ImageRepository, TagDiff>> move(TagPlan plan, List<BuildResult> results, Seen seen) throws BuildFailure {
        // every variant's and repository's floating tags are distinct tags: moved at once, each read just before it is written
        List<Parallel.Task<TagDiff>> moves = new ArrayList<>();
        for (int i = 0; i < plan.variants().size(); i++) {
            VariantPlan variant = plan.variants().get(i);
            Digest digest = results.get(i).digest();
            List<ImageTag> floating = TagKinds.floating(plan, variant.tags());
            if (!floating.isEmpty()) {
                for (ImageRepository repo : variant.images()) {
                    Map<ImageTag, Digest> earlier = seen.tags(variant.name(), repo);
                    moves.add(() -> pushTags.push(repo, floating,
                            earlier == null ? pushTags.current(repo, floating) : pushTags.recheck(repo, floating, earlier, digest), digest, Set.of()));
                }
            }
        }
        List<TagDiff> done = Parallel.each(io, BuildFailure.Stage.PUSH, moves);
        Map<String, Map<ImageRepository, TagDiff>> diffs = new LinkedHashMap<>();
        int k = 0;
        for (VariantPlan variant : plan.variants()) {
            Map<ImageRepository, TagDiff> byRepo = new LinkedHashMap<>();
            if (!TagKinds.floating(plan, variant.tags()).isEmpty()) {
                for (ImageRepository repo : variant.images()) {
                    byRepo.put(repo, done.get(k++));
                }
            }
            diffs.put(variant.name(), byRepo);
        }
        return diffs;
    }
}
