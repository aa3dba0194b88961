package dev.tagline.planner.cli;

import dev.tagline.cli.UsageError;
import dev.tagline.planner.planning.PlanOutcome;
import dev.tagline.planner.planning.PlanRequest;
import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.Schedule;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;

/**
 * {@code plan --output tag-plan}: the {@code TagPlan} the planner service would publish for the event the flags
 * describe, so {@code tagline build -} can build it without Kafka. The event is planned as the service plans one
 * (its templates dated by the commit time, or a schedule's slot), from the source {@code CLI}.
 */
final class TagPlanOutput {
    private TagPlanOutput() {
    }

    /** The plan, or a usage error naming what the event lacks; {@code PlanOutcome.skipReason} when nothing is built. */
    static PlanOutcome plan(PlanRequest request, ReleasePolicy policy, ReleaseHistory history, String cloneUrl) {
        return TagPlanner.plan(event(request, policy.repository(), cloneUrl), policy, history);
    }

    static RefEvent event(PlanRequest request, RepositoryId repository, String cloneUrl) {
        if (request.ref() == null) {
            throw new UsageError("--output tag-plan needs a ref (--ref, --git DIR, or GITHUB_REF with --github)");
        }
        if (request.sha() == null) {
            throw new UsageError("--output tag-plan needs the commit to build (--sha, --git DIR, or GITHUB_SHA with --github)");
        }
        boolean scheduled = request.change() == RefChange.SCHEDULED;
        if (scheduled && request.scheduleName() == null) {
            throw new UsageError("--output tag-plan of a scheduled event needs the schedule's name (--schedule NAME)");
        }
        Instant at = request.now();
        Schedule schedule = scheduled ? new Schedule(request.scheduleName(), at) : null;
        RefChange change = scheduled ? RefChange.SCHEDULED : RefChange.CREATED;
        String id = RefEvent.idFor(repository, request.ref(), change, null, request.sha(), schedule, null);
        return new RefEvent(RefEvent.CURRENT_SCHEMA_VERSION, id, repository, cloneUrl(cloneUrl, repository), request.ref(), change, null,
                request.sha(), request.commitTime(), EventSource.CLI, null, at, request.defaultBranch(), request.baseRef(), schedule, null);
    }

    /** Where the command says the commit is, else {@code https://<repository id>.git} (GitHub, GitLab and Gitea serve that). */
    static String cloneUrl(String flag, RepositoryId repository) {
        if (flag != null) {
            return flag;
        }
        if (repository.value().startsWith("local/")) {
            throw new UsageError("--output tag-plan: " + repository + " is a local repository: give its --clone-url (or its checkout, --git DIR)");
        }
        return "https://" + repository.value() + ".git";
    }
}
