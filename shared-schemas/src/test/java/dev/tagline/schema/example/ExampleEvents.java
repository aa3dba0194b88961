package dev.tagline.schema.example;

import dev.tagline.schema.event.BuildCommand;
import dev.tagline.schema.event.CodeTrust;
import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.SandboxGrants;
import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.BuildTimings;
import dev.tagline.schema.event.ContainerConfig;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.event.PlatformImage;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.CommitRange;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.event.Schedule;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.event.TagRemoval;
import dev.tagline.schema.event.VariantPlan;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One fully populated, valid instance of every event: the examples in the JSON Schemas and docs,
 * and ready-made valid input for tests.
 */
public final class ExampleEvents {
    public static final RepositoryId REPO = RepositoryId.of("github.com/acme/shop");
    public static final CommitSha COMMIT = CommitSha.parse("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b");
    public static final Instant COMMIT_TIME = Instant.parse("2026-11-20T09:15:00Z");

    private ExampleEvents() {
    }

    public static RefEvent refEvent() {
        return RefEvent.create(REPO, "https://github.com/acme/shop.git", GitRef.tag("v1.4.2"), RefChange.CREATED,
                null, COMMIT, COMMIT_TIME, EventSource.GITHUB, "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                Instant.parse("2026-11-20T09:15:03Z"), "main", "refs/heads/main", null);
    }

    /** A push to main of a repository that releases from commits: the commits since v1.2.3 ride along. */
    public static RefEvent branchPushWithCommits() {
        CommitSha base = CommitSha.parse("0f0e0d0c0b0a09080706050403020100f0e0d0c0");
        return RefEvent.create(REPO, "https://github.com/acme/shop.git", GitRef.branch("main"), RefChange.UPDATED,
                base, COMMIT, COMMIT_TIME, EventSource.POLLER, null, Instant.parse("2026-11-20T09:15:03Z"), "main", null, null)
                .withCommits(new CommitRange(List.of(
                        new GitCommit(COMMIT, "Ada <ada@example.com>", "feat(api): add search", "Closes #12", List.of()),
                        new GitCommit(base, "Bob <bob@example.com>", "fix: npe", "", List.of("v1.2.3"))), false));
    }

    public static ReleaseDecision releaseDecision() {
        RefEvent push = branchPushWithCommits();
        return ReleaseDecision.create(REPO, push.cloneUrl(), push.ref(), COMMIT, "v1.3.0", "1.3.0", "final", "v1.2.3",
                "## v1.3.0\n\n### Features\n\n* **api:** add search (1a2b3c4)\n", true, false, push.eventId(),
                Instant.parse("2026-11-20T09:15:04Z"));
    }

    public static RefEvent scheduledEvent() {
        return RefEvent.create(REPO, "https://github.com/acme/shop.git", GitRef.branch("main"), RefChange.SCHEDULED,
                null, COMMIT, COMMIT_TIME, EventSource.SCHEDULE, null, Instant.parse("2026-11-21T02:00:01Z"),
                "main", null, new Schedule("nightly", Instant.parse("2026-11-21T02:00:00Z")));
    }

    public static TagPlan tagPlan() {
        RefEvent event = refEvent();
        BuildRecipe recipe = new BuildRecipe("127.0.0.1:5000/base/jre@sha256:" + "a".repeat(64),
                List.of(new Layer("app", "dist/{arch}", "/app", List.of("*.map"), null)),
                new BuildCommand(List.of("make", "dist"), 300, Map.of("CI", "true")),
                new ContainerConfig(List.of("/app/shop"), List.of("--serve"), Map.of("PORT", "8080"), "/app", "65532",
                        List.of("8080/tcp"), List.of()));
        VariantPlan base = new VariantPlan("base", List.of(ImageRepository.parse("ghcr.io/acme/shop")),
                List.of(ImageTag.parse("1.4.2"), ImageTag.parse("1.4"), ImageTag.parse("1"), ImageTag.parse("latest"),
                        ImageTag.parse("sha-1a2b3c4")),
                Map.of("org.opencontainers.image.version", "1.4.2",
                        "org.opencontainers.image.revision", COMMIT.value(),
                        "org.opencontainers.image.created", COMMIT_TIME.toString()),
                Map.of("org.opencontainers.image.source", "https://github.com/acme/shop"),
                List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64")), recipe);
        String policyDigest = Digest.of("policy").value();
        return new TagPlan(TaglineEvent.CURRENT_SCHEMA_VERSION, TagPlan.idFor(event.eventId(), policyDigest),
                event.eventId(), REPO, event.cloneUrl(), event.ref(), COMMIT, COMMIT_TIME, "1.4.2", "stable",
                policyDigest, false, List.of(base));
    }

    public static BuildResult buildResult() {
        TagPlan plan = tagPlan();
        ImageRepository image = ImageRepository.parse("ghcr.io/acme/shop");
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(plan.planId(), "base"),
                plan.planId(), plan.eventId(), REPO, COMMIT, "base", BuildStatus.SUCCEEDED,
                Digest.of("index"), "application/vnd.oci.image.index.v1+json",
                List.of(new PlatformImage(Platform.parse("linux/amd64"), Digest.of("amd64")),
                        new PlatformImage(Platform.parse("linux/arm64"), Digest.of("arm64"))),
                List.of(new PushedTags(image, List.of(ImageTag.parse("1.4.2"), ImageTag.parse("latest")))),
                List.of(new PushedTags(image, List.of(ImageTag.parse("sha-1a2b3c4")))),
                2048, 1_000_000, null, new BuildTimings(120, 0, 300, 450, 900),
                Instant.parse("2026-11-20T09:15:05Z"), Instant.parse("2026-11-20T09:15:06Z"));
    }

    /** A retraction's plan: the variant only takes its tags off the retracted commit's image. */
    public static TagPlan retractionPlan() {
        TagPlan plan = tagPlan();
        VariantPlan v = plan.variants().get(0);
        VariantPlan untagOnly = new VariantPlan(v.name(), v.images(), List.of(), v.labels(), v.annotations(), v.platforms(), v.recipe(),
                new TagRemoval(COMMIT, List.of(ImageTag.parse("2"), ImageTag.parse("2.0"))));
        return new TagPlan(plan.schemaVersion(), plan.planId(), plan.eventId(), plan.repository(), plan.cloneUrl(), plan.ref(), plan.commit(),
                plan.commitTime(), null, null, plan.policyDigest(), false, List.of(untagOnly));
    }

    /** A promotion (only manifest PUTs of an existing digest) and a retraction's result (tags removed, no digest). */
    public static List<BuildResult> promotionAndRetractionResults() {
        BuildResult built = buildResult();
        BuildResult promoted = built.with(true, List.of());
        ImageRepository image = ImageRepository.parse("ghcr.io/acme/shop");
        BuildResult removed = new BuildResult(built.schemaVersion(), built.resultId(), built.planId(), built.eventId(), REPO, COMMIT, "base",
                BuildStatus.SUCCEEDED, null, null, List.of(), List.of(), List.of(), 0, 0, null, null, built.startedAt(), built.finishedAt())
                .with(false, List.of(new PushedTags(image, List.of(ImageTag.parse("2"), ImageTag.parse("2.0")))));
        return List.of(promoted, removed);
    }

    public static PruneAudit pruneAudit() {
        ImageRepository image = ImageRepository.parse("ghcr.io/acme/shop");
        ImageTag tag = ImageTag.parse("sha-0badc0d");
        Digest digest = Digest.of("old");
        return new PruneAudit(TaglineEvent.CURRENT_SCHEMA_VERSION, PruneAudit.idFor("run-1", image, tag, digest), "run-1",
                REPO, image, tag, digest, PruneDecision.DELETED, "keep-last:10",
                "older than the 10 newest sha-* images and shares its digest with no kept tag", true,
                digest, null, 4096L, Instant.parse("2026-11-21T03:00:00Z"));
    }

    /** An applied run's intent to delete a tag, written before it acts. */
    public static PruneAudit pruneIntent() {
        ImageRepository image = ImageRepository.parse("ghcr.io/acme/shop");
        ImageTag tag = ImageTag.parse("sha-0badc0d");
        Digest digest = Digest.of("old");
        return new PruneAudit(TaglineEvent.CURRENT_SCHEMA_VERSION, PruneAudit.intentIdFor("run-2", image, tag, digest), "run-2",
                REPO, image, tag, digest, PruneDecision.DELETED, "keep-last:10", "about to delete: older than the 10 newest", false,
                null, null, null, Instant.parse("2026-11-22T03:00:00Z"), true);
    }

    /** A pull request from a fork: its head repository is not the base (issue 19). */
    public static RefEvent forkPullRequestEvent() {
        return RefEvent.create(REPO, "https://github.com/acme/shop.git", GitRef.parse("refs/pull/42/head"), RefChange.CREATED,
                null, COMMIT, COMMIT_TIME, EventSource.GITHUB, "9a1b2c3d-cc78-11e3-81ab-4c9367dc0958",
                Instant.parse("2026-11-20T09:15:03Z"), "main", "refs/heads/main", null, new PullRequestHead("eve/shop", true));
    }

    /** The fork's plan: untrusted, pushed to the preview repository, its command granted a tool path (no network for it anyway). */
    public static TagPlan previewPlan() {
        RefEvent event = forkPullRequestEvent();
        TagPlan plan = tagPlan();
        VariantPlan v = plan.variants().get(0);
        BuildRecipe recipe = new BuildRecipe(v.recipe().baseImage(), v.recipe().layers(),
                new BuildCommand(List.of("make", "dist"), 300, Map.of("CI", "true"), new SandboxGrants(List.of("/opt/jdk"), true)),
                v.recipe().container());
        VariantPlan preview = new VariantPlan(v.name(), List.of(ImageRepository.parse("ghcr.io/acme/shop-pr")), List.of(ImageTag.parse("pr-42")),
                v.labels(), v.annotations(), v.platforms(), recipe);
        return new TagPlan(plan.schemaVersion(), TagPlan.idFor(event.eventId(), plan.policyDigest()), event.eventId(), REPO, event.cloneUrl(),
                event.ref(), COMMIT, COMMIT_TIME, null, null, plan.policyDigest(), false, List.of(preview),
                CodeTrust.untrusted("pull request 42 from fork eve/shop", "-pr"));
    }
}
