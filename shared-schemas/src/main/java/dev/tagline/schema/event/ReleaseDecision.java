package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;

/**
 * tag-planner's decision to release a commit of a releasing branch under a version decided from its
 * Conventional Commits: tag-listener creates {@link #tagName()} at {@link #commit()} (annotated, with
 * the changelog as its message) and pushes it, unless {@link #dryRun()}. The id hashes the repository,
 * the tag name and the commit, so every delivery or replay of the push that led to it is one decision,
 * and creating its tag is idempotent.
 *
 * @param branch        the branch pushed ({@code refs/heads/main})
 * @param tagName       the tag to create ({@code v1.3.0})
 * @param version       the version it carries ({@code 1.3.0})
 * @param kind          {@code final}, {@code prerelease} or {@code maintenance}: the branch's kind
 * @param previousTag   the last release tag the version was decided from, or null for the first release
 * @param changelog     the Markdown changelog, the annotated tag's message
 * @param annotated     whether the tag is annotated (else lightweight)
 * @param dryRun        decided only: no tag is pushed
 * @param sourceEventId the ref event that led to it
 * @param decidedAt     when it was decided
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReleaseDecision(
        int schemaVersion,
        String decisionId,
        RepositoryId repository,
        String cloneUrl,
        GitRef branch,
        CommitSha commit,
        String tagName,
        String version,
        String kind,
        String previousTag,
        String changelog,
        boolean annotated,
        boolean dryRun,
        String sourceEventId,
        Instant decidedAt) implements TaglineEvent {

    public ReleaseDecision {
        Require.schemaVersion("ReleaseDecision", schemaVersion);
        Require.text("ReleaseDecision", "decisionId", decisionId);
        Require.present("ReleaseDecision", "repository", repository);
        Require.text("ReleaseDecision", "cloneUrl", cloneUrl);
        Require.present("ReleaseDecision", "branch", branch);
        Require.present("ReleaseDecision", "commit", commit);
        Require.text("ReleaseDecision", "tagName", tagName);
        Require.text("ReleaseDecision", "version", version);
        Require.text("ReleaseDecision", "kind", kind);
        Require.present("ReleaseDecision", "changelog", changelog);
        Require.text("ReleaseDecision", "sourceEventId", sourceEventId);
        Require.present("ReleaseDecision", "decidedAt", decidedAt);
        if (!branch.isBranch()) {
            throw new InvalidEventException("ReleaseDecision.branch must be a branch, was " + branch);
        }
    }

    public static ReleaseDecision create(RepositoryId repository, String cloneUrl, GitRef branch, CommitSha commit, String tagName,
                                         String version, String kind, String previousTag, String changelog, boolean annotated,
                                         boolean dryRun, String sourceEventId, Instant decidedAt) {
        return new ReleaseDecision(CURRENT_SCHEMA_VERSION, idFor(repository, tagName, commit), repository, cloneUrl, branch, commit,
                tagName, version, kind, previousTag, changelog, annotated, dryRun, sourceEventId, decidedAt);
    }

    public static String idFor(RepositoryId repository, String tagName, CommitSha commit) {
        return EventIds.of("release", repository, tagName, commit);
    }

    @Override
    public String id() {
        return decisionId;
    }
}
