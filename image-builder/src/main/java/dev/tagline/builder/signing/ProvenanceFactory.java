package dev.tagline.builder.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.Platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What tagline attests about one image: the SLSA v1 provenance of a variant built (or promoted) from a plan.
 * The build type {@value #BUILD_TYPE} is defined in image-builder/README.md ("Provenance").
 */
public record ProvenanceFactory(String toolName, String toolVersion) {
    public static final String BUILD_TYPE = "https://tagline.dev/buildtypes/image-builder/v1";
    public static final String BUILDER_ID = "https://tagline.dev/image-builder";

    /**
     * @param baseImage   the recipe's base as requested, null for scratch
     * @param baseDigest  the digest it resolved to, null for scratch
     */
    public record Build(TagPlan plan, VariantPlan variant, String baseImage, Digest baseDigest, String buildKey,
                        Instant startedOn, Instant finishedOn) {
    }

    public Provenance.Statement statement(ImageRepository repo, Digest digest, Build b) {
        TagPlan plan = b.plan();
        VariantPlan variant = b.variant();
        List<Provenance.ResourceDescriptor> subject = List.of(
                new Provenance.ResourceDescriptor(repo.value(), null, Map.of("sha256", digest.hex()), null));
        Provenance.ExternalParameters external = new Provenance.ExternalParameters(plan.repository().value(), plan.cloneUrl(),
                plan.ref().value(), plan.commit().value(), plan.policyDigest(), variant.name());
        JsonNode recipe = Jackson.mapper().valueToTree(variant.recipe());
        Provenance.InternalParameters internal = new Provenance.InternalParameters(recipe,
                variant.platforms().stream().map(Platform::toString).toList(), b.baseImage(),
                b.baseDigest() == null ? null : b.baseDigest().value(), b.buildKey(), plan.planId(), plan.eventId());
        List<Provenance.ResourceDescriptor> deps = new ArrayList<>();
        deps.add(new Provenance.ResourceDescriptor("source", "git+" + plan.cloneUrl() + "@" + plan.ref().value(),
                Map.of("gitCommit", plan.commit().value()), null));
        if (b.baseDigest() != null) {
            deps.add(new Provenance.ResourceDescriptor("base-image", "oci://" + withoutDigest(b.baseImage()),
                    Map.of("sha256", b.baseDigest().hex()), null));
        }
        Map<String, String> version = new LinkedHashMap<>();
        version.put(toolName, toolVersion);
        Provenance.RunDetails run = new Provenance.RunDetails(new Provenance.Builder(BUILDER_ID, version),
                new Provenance.Metadata(plan.planId(), b.startedOn(), b.finishedOn()), List.of());
        return new Provenance.Statement(Provenance.STATEMENT_TYPE, subject, Provenance.PREDICATE_TYPE,
                new Provenance.Predicate(new Provenance.BuildDefinition(BUILD_TYPE, external, internal, deps), run));
    }

    private static String withoutDigest(String reference) {
        int at = reference.indexOf('@');
        return at < 0 ? reference : reference.substring(0, at);
    }
}
