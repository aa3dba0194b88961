package dev.tagline.planner.planning;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** metadata-action's test fixtures (event_*.env, repo.json) as tagline requests and policies. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2020-01-10T00:30:00Z");
    static final String SHA_DEV = "860c1904a1ce19322e91ac35af1ab07466440c37";
    static final String SHA_MASTER = "266574110acf203503badf966df2ea24b5d732d7";
    static final String SHA_PR = "a9c8c5828b91be19d9728548b24759e352367ef1";

    private Fixtures() {
    }

    /** An event fixture by metadata-action's file name (without {@code event_} and {@code .env}). */
    static PlanRequest event(String fixture) {
        return switch (fixture) {
            case "push_dev" -> req("refs/heads/dev", "push", SHA_DEV, null);
            case "push_master" -> req("refs/heads/master", "push", SHA_MASTER, null);
            case "workflow_dispatch" -> req("refs/heads/master", "workflow_dispatch", SHA_DEV, null);
            case "schedule" -> new PlanRequest(GitRef.parse("refs/heads/master"), RefChange.SCHEDULED, "schedule", CommitSha.parse(SHA_DEV),
                    NOW, NOW, null, null, "nightly");
            case "pull_request" -> req("refs/pull/15/merge", "pull_request", SHA_PR, "master");
            case "release_created" -> req("refs/tags/v1.1.1", "release", SHA_DEV, null);
            case "tag_v1.1.1" -> req("refs/tags/v1.1.1", "push", SHA_DEV, "refs/heads/master");
            default -> {
                if (fixture.startsWith("tag_")) {
                    yield req("refs/tags/" + fixture.substring(4).replace("p1-v", "p1/v"), "push", SHA_DEV, null);
                }
                throw new IllegalArgumentException(fixture);
            }
        };
    }

    static PlanRequest req(String ref, String eventName, String sha, String baseRef) {
        return new PlanRequest(GitRef.parse(ref), RefChange.CREATED, eventName, CommitSha.parse(sha), NOW, NOW, null, baseRef, null);
    }

    /** A policy like metadata-action's inputs, for repo.json (octocat/Hello-World, default branch master). */
    static ReleasePolicy policy(List<String> images, List<String> tags, List<String> flavor, List<String> labels, String floating) {
        return policyWithAnnotations(images, tags, flavor, labels, null, floating);
    }

    /** As {@link #policy}, with an {@code annotations} list (null: none, so the labels' templates are used). */
    static ReleasePolicy policyWithAnnotations(List<String> images, List<String> tags, List<String> flavor, List<String> labels,
                                               List<String> annotations, String floating) {
        return PolicyParser.parse("test.yml", policyYaml(images, tags, flavor, labels, annotations, floating));
    }

    /** The policy text for metadata-action's inputs. */
    static String policyYaml(List<String> images, List<String> tags, List<String> flavor, List<String> labels, List<String> annotations,
                             String floating) {
        return "repository: github.com/octocat/Hello-World\n"
                + "defaultBranch: master\n"
                + "floatingTags: " + floating + "\n"
                + "metadata:\n"
                + "  title: Hello-World\n"
                + "  description: This your first repo!\n"
                + "  url: https://github.com/octocat/Hello-World\n"
                + "  licenses: MIT\n"
                + "images: " + flow(images) + "\n"
                + "tags: " + flow(tags) + "\n"
                + "flavor: " + flow(flavor) + "\n"
                + "labels: " + flow(labels) + "\n"
                + (annotations == null ? "" : "annotations: " + flow(annotations) + "\n");
    }

    static ReleasePolicy metadataAction(List<String> images, List<String> tags, List<String> flavor) {
        return policy(images, tags, flavor, List.of(), "stateless");
    }

    static String flow(List<String> items) {
        return items.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
