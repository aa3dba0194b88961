package dev.tagline.listener.webhook;

import dev.tagline.schema.event.PullRequestHead;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a pull request's head lives, read from the webhook: whether the head repository is the base
 * repository. Names (or ids) of both decide; a head repository that is gone (a deleted fork) is a fork;
 * when the payload says too little the head is unknown (null), and the planner treats it as a fork.
 * A repository's own {@code fork} flag is not used: it says the repository is a fork of some other one,
 * which a same-repository pull request in a forked repository also is.
 */
final class PullRequestHeads {
    private PullRequestHeads() {
    }

    /**
     * GitHub and Gitea: {@code pull_request.head.repo.full_name} vs {@code pull_request.base.repo.full_name}
     * (else the event's {@code repository.full_name}), or Gitea's {@code head.repo_id} vs {@code base.repo_id}.
     */
    static PullRequestHead github(JsonObject event, JsonObject pr) {
        JsonObject head = pr.object("head").orElse(null);
        JsonObject base = pr.object("base").orElse(null);
        if (head == null) {
            return null;
        }
        JsonObject headRepo = head.object("repo").orElse(null);
        String headName = headRepo == null ? null : headRepo.text("full_name");
        String baseName = base == null ? null : base.object("repo").map(r -> r.text("full_name")).orElse(null);
        if (baseName == null) {
            baseName = event.object("repository").map(r -> r.text("full_name")).orElse(null);
        }
        Long headId = head.number("repo_id") != null ? head.number("repo_id") : headRepo == null ? null : headRepo.number("id");
        Long baseId = base == null ? null : base.number("repo_id") != null ? base.number("repo_id")
                : base.object("repo").map(r -> r.number("id")).orElse(null);
        if (head.isExplicitNull("repo")) {
            return new PullRequestHead(null, true); // "repo": null: the fork was deleted
        }
        if (headName != null && baseName != null) {
            return new PullRequestHead(headName, !headName.toLowerCase(Locale.ROOT).equals(baseName.toLowerCase(Locale.ROOT)));
        }
        if (headId != null && baseId != null && headId != 0 && baseId != 0) {
            return new PullRequestHead(headName, !Objects.equals(headId, baseId));
        }
        return null;
    }

    /**
     * GitLab: {@code object_attributes.source_project_id} vs {@code target_project_id}; the name is
     * {@code object_attributes.source.path_with_namespace}. A source project that is gone is a fork.
     */
    static PullRequestHead gitlab(JsonObject mr) {
        Long source = mr.number("source_project_id");
        Long target = mr.number("target_project_id");
        String name = mr.object("source").map(s -> s.text("path_with_namespace")).orElse(null);
        if (source == null || target == null) {
            return mr.has("source_project_id") ? new PullRequestHead(name, true) : null;
        }
        return new PullRequestHead(name, !source.equals(target));
    }
}
