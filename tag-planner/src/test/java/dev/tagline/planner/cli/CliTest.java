package dev.tagline.planner.cli;

import dev.tagline.planner.planning.ReleaseHistory;
import dev.tagline.planner.planning.TagPlanner;
import dev.tagline.policy.PolicyParser;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.schema.json.Jackson;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    private static final String SHA = "860c1904a1ce19322e91ac35af1ab07466440c37";

    static CliRun run(String... args) {
        return CliRun.of(Cli::run, args);
    }

    @Test
    void semverTagPrintsTheDocumentedJson() {
        CliRun r = run("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA,
                "--commit-time", "2024-05-01T12:00:00Z", "--now", "2024-05-02T00:00:00Z", "--output", "json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        // the variant's tags and labels are the plan's, but for the version label: the commit (versionLabel: commit)
        assertEquals("""
                {
                  "version": "1.4.2",
                %s,
                  "variants": [
                    {
                      "name": "default",
                %s,
                      "platforms": [
                        "linux/amd64"
                      ]
                    }
                  ]
                }
                """.formatted(semverTagsAndLabels("1.4.2", 2), semverTagsAndLabels("860c190", 6)), r.out());
    }

    /** The JSON lines of examples/semver.yml's tags and labels for v1.4.2, indented by {@code indent} spaces. */
    private static String semverTagsAndLabels(String versionLabel, int indent) {
        return """
                "tags": [
                  "registry.acme.dev/acme/shop:1.4.2",
                  "registry.acme.dev/acme/shop:1.4",
                  "registry.acme.dev/acme/shop:1",
                  "registry.acme.dev/acme/shop:sha-860c190",
                  "registry.acme.dev/acme/shop:latest"
                ],
                "labels": {
                  "org.opencontainers.image.created": "2024-05-01T12:00:00.000Z",
                  "org.opencontainers.image.description": "The Acme web shop",
                  "org.opencontainers.image.licenses": "Apache-2.0",
                  "org.opencontainers.image.revision": "860c1904a1ce19322e91ac35af1ab07466440c37",
                  "org.opencontainers.image.source": "https://github.com/acme/shop",
                  "org.opencontainers.image.title": "shop",
                  "org.opencontainers.image.url": "https://github.com/acme/shop",
                  "org.opencontainers.image.version": "%s"
                }""".formatted(versionLabel).indent(indent).stripTrailing();
    }

    @Test
    void textIsTheDefaultOutput() {
        CliRun r = run("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA,
                "--commit-time", "2024-05-01T12:00:00Z", "--now", "2024-05-02T00:00:00Z");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("""
                version 1.4.2
                variant default  linux/amd64
                  registry.acme.dev/acme/shop:1.4.2
                  registry.acme.dev/acme/shop:1.4
                """), r.out());
        assertTrue(r.out().contains("  org.opencontainers.image.version=1.4.2\n"), r.out());
    }

    @Test
    void historyFileKeepsABackportOffLatest(@TempDir Path dir) throws Exception {
        Path history = Files.writeString(dir.resolve("history.json"), "[\"1.2.0\", \"1.1.3\"]");
        CliRun r = run("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.1.4", "--sha", SHA, "--history", history.toString(), "--output", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"registry.acme.dev/acme/shop:1.1\""), r.out());
        assertTrue(!r.out().contains(":latest\"") && !r.out().contains("shop:1\""), r.out());
    }

    @Test
    void releasedVersionsOnTheCommandLineCountLikeAHistoryFile(@TempDir Path dir) throws Exception {
        CliRun r = run("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.1.4", "--sha", SHA, "--released", "1.2.0,1.1.3",
                "--output", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"registry.acme.dev/acme/shop:1.1\""), r.out());
        assertTrue(!r.out().contains(":latest\"") && !r.out().contains("shop:1\""), r.out());
    }

    /** Which schedule fired picks its channel; with --schedule the event is a schedule unless --event says otherwise. */
    @Test
    void theScheduleThatFiredPicksItsChannel(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"), """
                repository: github.com/acme/api
                images: [registry.acme.dev/acme/api]
                tags: [type=sha]
                on:
                  schedules: [nightly, weekly]
                channels:
                  - name: nightly
                    schedule: nightly
                    tags: [nightly]
                  - name: weekly
                    schedule: weekly
                    tags: ["weekly-{{date 'YYYYMMDD'}}"]
                """);
        CliRun weekly = run("plan", "--policy", policy.toString(), "--ref", "refs/heads/main", "--sha", SHA, "--schedule", "weekly",
                "--at", "2026-03-01T00:00:00Z", "--output", "json");
        assertEquals(0, weekly.exit(), weekly.err());
        assertTrue(weekly.out().contains("\"registry.acme.dev/acme/api:weekly-20260301\""), weekly.out());
        assertTrue(!weekly.out().contains(":nightly\""), weekly.out());
        CliRun nightly = run("plan", "--policy", policy.toString(), "--ref", "refs/heads/main", "--sha", SHA, "--schedule", "nightly",
                "--output", "json");
        assertTrue(nightly.out().contains("\"registry.acme.dev/acme/api:nightly\"") && !nightly.out().contains("weekly-"), nightly.out());
    }

    /** The plan for `tagline build`: the TagPlan the service publishes for the same tag push, byte for byte, with the same id. */
    @Test
    void tagPlanOutputIsThePlanTheServicePublishesForThatPush() {
        CliRun r = run("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA, "--commit-time", "2024-05-01T12:00:00Z",
                "--output", "tag-plan");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        TagPlan printed = Topics.TAG_PLANS.decode(r.out().strip().getBytes(StandardCharsets.UTF_8));
        RepositoryId repo = RepositoryId.of("github.com/acme/shop");
        GitRef ref = GitRef.parse("refs/tags/v1.4.2");
        CommitSha commit = CommitSha.parse(SHA);
        RefEvent webhook = new RefEvent(RefEvent.CURRENT_SCHEMA_VERSION, RefEvent.idFor(repo, ref, RefChange.CREATED, null, commit, null, null),
                repo, "https://github.com/acme/shop.git", ref, RefChange.CREATED, null, commit, Instant.parse("2024-05-01T12:00:00Z"),
                EventSource.GITHUB, "delivery-1", Instant.parse("2024-05-01T12:00:03Z"), "main", null, null, null);
        TagPlan published = TagPlanner.plan(webhook, PolicyParser.parse(Path.of("examples/semver.yml")), ReleaseHistory.empty()).plan();
        assertEquals(published, printed);
        assertEquals(new String(Topics.TAG_PLANS.encode(published), StandardCharsets.UTF_8) + "\n", r.out());
        assertEquals(List.of("1.4.2", "1.4", "1", "sha-860c190", "latest"),
                printed.variants().get(0).tags().stream().map(ImageTag::value).toList());
    }

    @Test
    void tagPlanOutputOfAScheduleALocalRepositoryAndNothingToBuild(@TempDir Path dir) throws Exception {
        CliRun nightly = run("plan", "--policy", "examples/channels.yml", "--ref", "refs/heads/main", "--sha", SHA, "--schedule", "nightly",
                "--at", "2026-03-01T00:00:00Z", "--clone-url", "/srv/git/api", "--output", "TAG-PLAN");
        assertEquals(0, nightly.exit(), nightly.err());
        TagPlan plan = Topics.TAG_PLANS.decode(nightly.out().strip().getBytes(StandardCharsets.UTF_8));
        assertEquals("/srv/git/api", plan.cloneUrl());
        assertTrue(plan.variants().get(0).tags().stream().map(ImageTag::value).toList().contains("nightly-20260301"), plan.toString());
        CliRun nothing = run("plan", "--policy", "examples/semver.yml", "--ref", "refs/heads/main", "--sha", SHA, "--output", "tag-plan");
        assertEquals(0, nothing.exit(), nothing.err());
        assertEquals("", nothing.out());
        assertTrue(nothing.err().startsWith("tagline plan: nothing to build: "), nothing.err());
        Path local = Files.writeString(dir.resolve("local.yml"), "repository: local/srv/git/shop\nimages: [r.acme.dev/shop]\n");
        CliRun noUrl = run("plan", "--policy", local.toString(), "--ref", "refs/tags/v1.0.0", "--sha", SHA, "--output", "tag-plan");
        assertEquals(2, noUrl.exit());
        assertTrue(noUrl.err().contains("local/srv/git/shop is a local repository: give its --clone-url"), noUrl.err());
    }

    /** metadata-action's context: git. The ref of a checkout, attached or detached, as @docker/actions-toolkit names it. */
    @Test
    void gitReadsTheRefCommitAndCommitTimeOfACheckout(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"), """
                repository: github.com/acme/api
                images: [registry.acme.dev/acme/api]
                tags:
                  - type=ref,event=branch
                  - type=ref,event=tag
                  - type=raw,value=c{{commit_date 'YYYYMMDDHHmmss'}}
                """);
        try (TestRepo repo = GitRepos.create(dir.resolve("api"))) {
            String first = repo.commitAt("one", Map.of("a.txt", "1"), Instant.parse("2026-02-03T04:05:06Z"));
            String second = repo.commitAt("two", Map.of("a.txt", "2"), Instant.parse("2026-02-04T04:05:06Z"));
            String checkout = repo.dir().toString();

            assertEquals(List.of("main", "c20260204040506"), gitTags(policy, checkout), "on a branch: that branch, the commit's committer date");
            repo.tag("v1.2.3");
            repo.git().checkout().setName(second).call();
            assertEquals(List.of("v1.2.3", "c20260204040506", "latest"), gitTags(policy, checkout), "detached at a tag: the tag");
            repo.git().checkout().setName(first).call();
            assertEquals(List.of("main", "c20260203040506"), gitTags(policy, checkout), "detached behind main: the branch containing it");
            RefUpdate remote = repo.git().getRepository().updateRef("refs/remotes/origin/feature/x");
            remote.setNewObjectId(ObjectId.fromString(first));
            remote.update();
            assertEquals(List.of("feature-x", "c20260203040506"), gitTags(policy, checkout), "detached at a remote branch: that branch");
            CliRun flags = run("plan", "--policy", policy.toString(), "--git", checkout, "--ref", "refs/tags/v9.9.9", "--commit-time",
                    "2020-01-01T00:00:00Z", "--output", "json");
            assertTrue(flags.out().contains("\"registry.acme.dev/acme/api:v9.9.9\"") && flags.out().contains(":c20200101000000\""),
                    "--ref and --commit-time win: " + flags.out());
        }
        CliRun notARepository = run("plan", "--policy", policy.toString(), "--git", dir.toString());
        assertEquals(2, notARepository.exit());
        assertTrue(notARepository.err().startsWith("tagline plan: --git: git show --format=%H HEAD --quiet --: fatal: not a git repository"),
                notARepository.err());
    }

    /** A clone detached at its default branch: git decorates it "HEAD, origin/main, origin/HEAD, main"; the branch is main. */
    @Test
    void gitPassesOverARemotesHeadDecoration(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"), "repository: github.com/acme/api\nimages: [r.acme.dev/api]\ntags:\n"
                + "  - type=ref,event=branch\n");
        try (TestRepo repo = GitRepos.create(dir.resolve("api"))) {
            String head = repo.commit("one", Map.of("a.txt", "1"));
            RefUpdate remote = repo.git().getRepository().updateRef("refs/remotes/origin/main");
            remote.setNewObjectId(ObjectId.fromString(head));
            remote.update();
            repo.git().getRepository().updateRef("refs/remotes/origin/HEAD").link("refs/remotes/origin/main");
            repo.git().checkout().setName(head).call();
            assertEquals(List.of("main"), gitTags(policy, repo.dir().toString()));
        }
    }

    /** The tag names {@code plan --git CHECKOUT} gives, in order. */
    private static List<String> gitTags(Path policy, String checkout) throws Exception {
        CliRun r = run("plan", "--policy", policy.toString(), "--git", checkout, "--output", "json");
        assertEquals(0, r.exit(), r.err());
        List<String> tags = new ArrayList<>();
        Jackson.mapper().readTree(r.out()).get("tags").forEach(t -> tags.add(t.asText().substring(t.asText().indexOf(':') + 1)));
        return tags;
    }

    @Test
    void variantsAreListedWithTheirTagsAndPlatforms() {
        CliRun r = run("plan", "--policy", "examples/variants.yml", "--ref", "refs/tags/v0.22.8", "--sha", SHA, "--output", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"registry.acme.dev/acme/tool:0.22.8-slim\""), r.out());
        assertTrue(r.out().contains("\"registry.acme.dev/acme/tool:latest-full\""), r.out());
        assertTrue(r.out().contains("\"name\": \"slim\""), r.out());
    }

    @Test
    void scheduleEventGivesTheNightlyChannelTags() {
        CliRun r = run("plan", "--policy", "examples/channels.yml", "--ref", "refs/heads/main", "--sha", SHA, "--event", "schedule",
                "--now", "2026-11-22T02:00:00Z");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("registry.acme.dev/acme/api:nightly-20261122"), r.out());
    }

    @Test
    void aMissedNightlyIsPlannedForItsOwnSlotAndPushesDateTheirCommit() {
        CliRun nightly = run("plan", "--policy", "examples/channels.yml", "--ref", "refs/heads/main", "--sha", SHA, "--event", "schedule",
                "--commit-time", "2026-02-27T16:30:00Z", "--at", "2026-03-01T00:00:00Z");
        assertEquals(0, nightly.exit(), nightly.err());
        assertTrue(nightly.out().contains("registry.acme.dev/acme/api:nightly-20260301"), nightly.out());
        CliRun push = run("plan", "--policy", "examples/channels.yml", "--ref", "refs/heads/main", "--sha", SHA, "--event", "schedule",
                "--commit-time", "2026-02-27T16:30:00Z");
        assertTrue(push.out().contains("registry.acme.dev/acme/api:nightly-20260227"), "without --at: the commit time, not today: " + push.out());
    }

    @Test
    void nothingToBuildPrintsEmptyTagsAndExitsZero() {
        CliRun r = run("plan", "--policy", "examples/semver.yml", "--ref", "refs/heads/main", "--sha", SHA, "--output", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"version\": \"\""), r.out());
        assertTrue(r.out().contains("\"tags\": []"), r.out());
        assertTrue(r.out().contains("\"variants\": []"), r.out());
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(List.of("plan"), "Missing required option: '--policy=FILE'"),
                Arguments.of(List.of("plan", "--policy", "examples/semver.yml", "--ref", "v1.2.3", "--sha", SHA), "--ref:"),
                Arguments.of(List.of("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1", "--sha", "xyz"), "--sha:"),
                Arguments.of(List.of("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1", "--sha", SHA, "--now", "yesterday"),
                        "--now 'yesterday' is not an ISO-8601 time"),
                Arguments.of(List.of("plan", "--policy", "missing.yml", "--ref", "refs/tags/v1", "--sha", SHA), "invalid policy: missing.yml"),
                Arguments.of(List.of("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1", "--sha", SHA, "--frobnicate", "x"),
                        "Unknown options: '--frobnicate', 'x'"),
                Arguments.of(List.of("plan", "--policy"), "Missing required parameter for option '--policy' (FILE)"),
                Arguments.of(List.of("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1", "--sha", SHA, "--output", "yaml"),
                        "Invalid value for option '--output'"),
                Arguments.of(List.of("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.1.4", "--sha", SHA, "--released", "one"),
                        "--released: 'one' is not a semantic or PEP 440 version"),
                Arguments.of(List.of("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--output", "tag-plan"),
                        "--output tag-plan needs the commit to build"),
                Arguments.of(List.of("plan", "--policy", "examples/channels.yml", "--ref", "refs/heads/main", "--sha", SHA, "--event", "schedule",
                        "--output", "tag-plan"), "needs the schedule's name (--schedule NAME)"),
                Arguments.of(List.of(), "a command is required"),
                Arguments.of(List.of("deploy"), "unknown command 'deploy'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badUsage")
    void badFlagsExitTwoWithOneLineOnStderr(List<String> args, String message) {
        CliRun r = run(args.toArray(String[]::new));
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @ParameterizedTest(name = "plan {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--help", "-h"})
    void helpExitsZeroWithTheUsage(String flag) {
        CliRun r = run("plan", flag);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: tagline plan"), r.out());
        assertTrue(r.out().contains("--output=text|json") && r.out().contains("Exit codes:"), r.out());
    }

    @ParameterizedTest(name = "plan {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--version", "-V"})
    void versionExitsZero(String flag) {
        CliRun r = run("plan", flag);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("tagline \\S+\\n"), r.out());
    }

    @Test
    void badPolicyExitsTwoNamingFileLineAndRule(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("bad.yml"), "repository: github.com/a/b\nimages: [a/b]\ntags:\n  - type=semver\n");
        CliRun r = run("plan", "--policy", policy.toString(), "--ref", "refs/tags/v1.0.0", "--sha", SHA);
        assertEquals(2, r.exit());
        assertEquals("tagline plan: invalid policy: bad.yml:4: tag rule 'type=semver': missing pattern attribute", r.err().strip());
    }

    @Test
    void badHistoryExitsTwo(@TempDir Path dir) throws Exception {
        Path history = Files.writeString(dir.resolve("h.json"), "{\"not\": \"a list\"}");
        List<String> args = new ArrayList<>(Arrays.asList("plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.0.0", "--sha", SHA,
                "--history", history.toString()));
        CliRun r = run(args.toArray(String[]::new));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("JSON array of versions"), r.err());
    }
}
