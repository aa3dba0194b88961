package dev.tagline.builder.support;

import dev.tagline.schema.event.BuildCommand;
import dev.tagline.schema.event.BuildRecipe;
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

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Test plans, as the planner would write them. */
public final class Plans {
    private Plans() {
    }

    public static TagPlan plan(String eventId, String cloneUrl, String sha, Instant commitTime, boolean rebuild, VariantPlan... variants) {
        return plan("example.com/acme/app", eventId, cloneUrl, sha, commitTime, rebuild, variants);
    }

    /** A plan of another source repository (another record key, maybe another partition). */
    public static TagPlan plan(String repository, String eventId, String cloneUrl, String sha, Instant commitTime, boolean rebuild,
                               VariantPlan... variants) {
        return new TagPlan(TaglineEvent.CURRENT_SCHEMA_VERSION, TagPlan.idFor(eventId, "policy-1"), eventId,
                RepositoryId.of(repository), cloneUrl, GitRef.tag("v1.0.0"), CommitSha.parse(sha), commitTime,
                "1.0.0", "stable", "policy-1", rebuild, List.of(variants));
    }

    /** The plan of another release of the same repository (the version decides which tags are immutable). */
    public static TagPlan withVersion(TagPlan p, String version) {
        return new TagPlan(p.schemaVersion(), p.planId(), p.eventId(), p.repository(), p.cloneUrl(), GitRef.tag("v" + version),
                p.commit(), p.commitTime(), version, p.channel(), p.policyDigest(), p.rebuild(), p.variants());
    }

    public static VariantPlan variant(String name, String image, List<String> tags, List<String> platforms, BuildRecipe recipe,
                                      Map<String, String> labels, Map<String, String> annotations) {
        return new VariantPlan(name, List.of(ImageRepository.parse(image)), tags.stream().map(ImageTag::parse).toList(),
                labels, annotations, platforms.stream().map(Platform::parse).toList(), recipe);
    }

    public static BuildRecipe recipe(String base, List<Layer> layers, BuildCommand command, ContainerConfig container) {
        return new BuildRecipe(base, layers, command, container);
    }

    /** The ITs' usual recipe: no base, the repository's {@code app/} at {@code /app}, started by {@code /app/run.sh}. */
    public static BuildRecipe appRecipe() {
        return appRecipe(null);
    }

    /** {@link #appRecipe()} with a build command run first (null for none). */
    public static BuildRecipe appRecipe(BuildCommand command) {
        return recipe(null, List.of(layer("app", "app", "/app")), command, entrypoint("/app/run.sh"));
    }

    public static Layer layer(String name, String source, String target) {
        return new Layer(name, source, target, null, null);
    }

    public static BuildCommand command(String... argv) {
        return new BuildCommand(Arrays.asList(argv), 60, null);
    }

    public static ContainerConfig entrypoint(String... argv) {
        return new ContainerConfig(Arrays.asList(argv), null, Map.of("APP_MODE", "prod"), "/app", "1000", List.of("8080/tcp"), null);
    }

    public static List<String> tags(String... tags) {
        return List.of(tags);
    }
}
