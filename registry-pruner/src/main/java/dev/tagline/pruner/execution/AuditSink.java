package dev.tagline.pruner.execution;

import dev.tagline.schema.event.PruneAudit;

import java.util.List;

/** Where the per-decision audit events of a run go ({@code registry.prune-audit} in the service). */
public interface AuditSink {
    AuditSink NONE = audits -> { };

    void publish(List<PruneAudit> audits) throws Exception;
}
