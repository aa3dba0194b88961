package dev.tagline.schema.event;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One decision of one retention run, for one tag (with its digest) or one untagged digest.
 *
 * @param repository     the source repository whose policy ran, when known (the record key); else the
 *                       image repository is the key
 * @param rule           the rule that decided, e.g. {@code keep-last:10}, {@code protected-digest}
 * @param reason         a sentence a release engineer can check
 * @param dryRun         true when nothing was changed ({@code DELETED} then means "would delete"); required,
 *                       never defaulted
 * @param resolvedBefore what the tag resolved to just before acting (null when not re-resolved)
 * @param presentAfter   whether the verification pass still found the tag/digest (null in a dry run)
 * @param intent         written before an applied run acts, and acknowledged before its first delete: a deletion the
 *                       run is about to make ({@code DELETED}, {@code presentAfter} null). The run's outcome for the
 *                       same tag or digest follows under another id; an intent without one is a run that stopped
 *                       (a killed process) after perhaps deleting it. Absent: false
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PruneAudit(
        int schemaVersion,
        String auditId,
        String runId,
        RepositoryId repository,
        ImageRepository image,
        ImageTag tag,
        Digest digest,
        PruneDecision decision,
        String rule,
        String reason,
        Boolean dryRun,
        Digest resolvedBefore,
        Boolean presentAfter,
        Long bytes,
        Instant decidedAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean intent) implements TaglineEvent {

    /** An outcome (or a dry run's decision): not an {@linkplain #intent() intent}. */
    public PruneAudit(int schemaVersion, String auditId, String runId, RepositoryId repository, ImageRepository image, ImageTag tag,
                      Digest digest, PruneDecision decision, String rule, String reason, Boolean dryRun, Digest resolvedBefore,
                      Boolean presentAfter, Long bytes, Instant decidedAt) {
        this(schemaVersion, auditId, runId, repository, image, tag, digest, decision, rule, reason, dryRun, resolvedBefore,
                presentAfter, bytes, decidedAt, false);
    }

    public PruneAudit {
        Require.schemaVersion("PruneAudit", schemaVersion);
        Require.text("PruneAudit", "auditId", auditId);
        Require.text("PruneAudit", "runId", runId);
        Require.present("PruneAudit", "image", image);
        Require.present("PruneAudit", "digest", digest);
        Require.present("PruneAudit", "decision", decision);
        Require.text("PruneAudit", "rule", rule);
        Require.text("PruneAudit", "reason", reason);
        Require.present("PruneAudit", "dryRun", dryRun);
        Require.present("PruneAudit", "decidedAt", decidedAt);
    }

    public static String idFor(String runId, ImageRepository image, ImageTag tag, Digest digest) {
        return EventIds.of("prune", runId, image, tag, digest);
    }

    /** The id of the {@linkplain #intent() intent} to delete this tag or digest in this run. */
    public static String intentIdFor(String runId, ImageRepository image, ImageTag tag, Digest digest) {
        return EventIds.of("prune-intent", runId, image, tag, digest);
    }

    @Override
    public String id() {
        return auditId;
    }

    @Override
    public String partitionKey() {
        return repository != null ? repository.value() : image.value();
    }
}
