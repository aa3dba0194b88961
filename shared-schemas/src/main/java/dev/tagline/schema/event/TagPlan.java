package dev.tagline.schema.event;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to build and push for one ref event under one release policy. Self-contained: each variant
 * carries its resolved recipe, so the builder needs no policy lookup. The plan id is
 * {@code hash(eventId, policyDigest)}: the same event under the same policy is the same plan.
 *
 * <p>{@code commit} is what to build; it usually is the event's new commit, but a retraction (a
 * release tag deleted) plans the previous release's commit to take the floating tags back.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TagPlan(
        int schemaVersion,
        String planId,
        String eventId,
        RepositoryId repository,
        String cloneUrl,
        GitRef ref,
        CommitSha commit,
        Instant commitTime,
        String version,
        String channel,
        String policyDigest,
        boolean rebuild,
        List<VariantPlan> variants) implements TaglineEvent {

    public TagPlan {
        Require.schemaVersion("TagPlan", schemaVersion);
        Require.text("TagPlan", "planId", planId);
        Require.text("TagPlan", "eventId", eventId);
        Require.present("TagPlan", "repository", repository);
        Require.text("TagPlan", "cloneUrl", cloneUrl);
        Require.present("TagPlan", "ref", ref);
        Require.present("TagPlan", "commit", commit);
        Require.present("TagPlan", "commitTime", commitTime);
        Require.text("TagPlan", "policyDigest", policyDigest);
        variants = Require.nonEmptyList("TagPlan", "variants", variants);
        Set<String> names = new HashSet<>();
        for (VariantPlan v : variants) {
            if (!names.add(v.name())) {
                throw new InvalidEventException("TagPlan.variants has two variants named '" + v.name() + "'");
            }
        }
    }

    public static String idFor(String eventId, String policyDigest) {
        return EventIds.of("plan", eventId, policyDigest);
    }

    @Override
    public String id() {
        return planId;
    }
}
