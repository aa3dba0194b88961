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
 *
 * <p>{@code commitTime} is absent when the planner did not know it (an event logged without it): the builder
 * then reads it from the commit it fetches, so the image is dated by the commit, never by when the event was seen.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant commitTime,
        String version,
        String channel,
        String policyDigest,
        boolean rebuild,
        List<VariantPlan> variants,
        @JsonInclude(JsonInclude.Include.NON_NULL) CodeTrust trust) implements TaglineEvent {

    public TagPlan {
        Require.schemaVersion("TagPlan", schemaVersion);
        Require.text("TagPlan", "planId", planId);
        Require.text("TagPlan", "eventId", eventId);
        Require.present("TagPlan", "repository", repository);
        Require.text("TagPlan", "cloneUrl", cloneUrl);
        Require.present("TagPlan", "ref", ref);
        Require.present("TagPlan", "commit", commit);
        Require.text("TagPlan", "policyDigest", policyDigest);
        variants = Require.nonEmptyList("TagPlan", "variants", variants);
        Set<String> names = new HashSet<>();
        for (VariantPlan v : variants) {
            if (!names.add(v.name())) {
                throw new InvalidEventException("TagPlan.variants has two variants named '" + v.name() + "'");
            }
        }
    }

    /** A plan without a trust marker: trusted unless its ref is a pull request ({@link #trusted()}). */
    public TagPlan(int schemaVersion, String planId, String eventId, RepositoryId repository, String cloneUrl, GitRef ref,
                   CommitSha commit, Instant commitTime, String version, String channel, String policyDigest, boolean rebuild,
                   List<VariantPlan> variants) {
        this(schemaVersion, planId, eventId, repository, cloneUrl, ref, commit, commitTime, version, channel, policyDigest, rebuild,
                variants, null);
    }

    /**
     * Whether this plan builds trusted code: as {@link #trust} says; without it, a pull request ref is
     * untrusted (a plan from a planner that did not mark it errs on the safe side) and anything else is
     * trusted. Untrusted plans build sandboxed without network, are never signed, and push only to
     * preview repositories.
     */
    public boolean trusted() {
        return trust != null ? trust.trusted() : !ref.isPullRequest();
    }

    /** The same plan marked with {@code trust}. */
    public TagPlan withTrust(CodeTrust trust) {
        return new TagPlan(schemaVersion, planId, eventId, repository, cloneUrl, ref, commit, commitTime, version, channel, policyDigest,
                rebuild, variants, trust);
    }

    public static String idFor(String eventId, String policyDigest) {
        return EventIds.of("plan", eventId, policyDigest);
    }

    @Override
    public String id() {
        return planId;
    }
}
