package dev.tagline.schema.topic;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.event.TagPlan;

import java.util.List;
import java.util.Optional;

/** Every topic of the pipeline. The {@code *_NAME} constants are for annotations. */
public final class Topics {
    public static final String REF_EVENTS_NAME = "git.ref-events";
    public static final String TAG_PLANS_NAME = "image.tag-plans";
    public static final String BUILD_RESULTS_NAME = "image.build-results";
    public static final String PRUNE_AUDIT_NAME = "registry.prune-audit";
    public static final String RELEASE_DECISIONS_NAME = "git.release-decisions";

    /** tag-listener -> tag-planner. */
    public static final Topic<RefEvent> REF_EVENTS = new Topic<>(REF_EVENTS_NAME, RefEvent.class);
    /** tag-planner -> image-builder. */
    public static final Topic<TagPlan> TAG_PLANS = new Topic<>(TAG_PLANS_NAME, TagPlan.class);
    /** image-builder -> registry-pruner (push times) and anyone watching. */
    public static final Topic<BuildResult> BUILD_RESULTS = new Topic<>(BUILD_RESULTS_NAME, BuildResult.class);
    /** registry-pruner's decisions, one per tag or digest per run. */
    public static final Topic<PruneAudit> PRUNE_AUDIT = new Topic<>(PRUNE_AUDIT_NAME, PruneAudit.class);

    /** tag-planner -> tag-listener: a version decided from Conventional Commits, whose tag tag-listener creates and pushes. */
    public static final Topic<ReleaseDecision> RELEASE_DECISIONS = new Topic<>(RELEASE_DECISIONS_NAME, ReleaseDecision.class);

    public static final List<Topic<?>> ALL = List.of(REF_EVENTS, TAG_PLANS, BUILD_RESULTS, PRUNE_AUDIT, RELEASE_DECISIONS);

    private Topics() {
    }

    public static Optional<Topic<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
