package dev.tagline.planner.planning;

import dev.tagline.schema.event.TagPlan;

import java.util.Optional;

/**
 * The planner's answer to one event: a plan, or the reason there is nothing to build; and the
 * repository's release history after the event (to plan the next one against).
 */
public record PlanOutcome(TagPlan plan, String skipReason, ReleaseHistory history) {
    public Optional<TagPlan> tagPlan() {
        return Optional.ofNullable(plan);
    }

    public boolean planned() {
        return plan != null;
    }
}
