package dev.tagline.builder.steps;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a plan's floating tags ({@link TagKinds}: {@code latest}, {@code 1}, {@code 1.2}, channels,
 * {@code latest-<variant>}...) once every variant and platform of the plan is pushed: never before, so a
 * half-built release never takes {@code latest}. Idempotent like {@link PushTagsStep}: only tags absent
 * or pointing elsewhere are written.
 */
public final class FloatingTagsStep {
    private final PushTagsStep pushTags;

    public FloatingTagsStep(PushTagsStep pushTags) {
        this.pushTags = pushTags;
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
        Map<String, Map<ImageRepository, TagDiff>> diffs = new LinkedHashMap<>();
        for (int i = 0; i < plan.variants().size(); i++) {
            VariantPlan variant = plan.variants().get(i);
            Digest digest = results.get(i).digest();
            List<ImageTag> floating = TagKinds.floating(plan, variant.tags());
            Map<ImageRepository, TagDiff> byRepo = new LinkedHashMap<>();
            if (!floating.isEmpty()) {
                for (ImageRepository repo : variant.images()) {
                    Map<ImageTag, Digest> before = pushTags.current(repo, floating);
                    byRepo.put(repo, pushTags.push(repo, floating, before, digest, Set.of()));
                }
            }
            diffs.put(variant.name(), byRepo);
        }
        return diffs;
    }
}
