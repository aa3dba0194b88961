package dev.tagline.planner.planning;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.Schedule;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's rules, as tables: what goes into an image depends on the commit only (so every event
 * that builds a commit asks for one digest and a release tag is a retag); templates are dated by the
 * event (schedule slot, commit time), never by the planning clock; a retraction leaves no floating tag
 * on the retracted image.
 */
class ReproducibilityTest {
    private static final CommitSha C = CommitSha.parse("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b");
    private static final Instant COMMITTED = Instant.parse("2026-02-27T16:30:00Z");

    private static ReleasePolicy example(String name) {
        return PolicyParser.parse(Path.of("examples", name + ".yml"));
    }

    private static ReleasePolicy withVersionLabel(String name, String versionLabel) throws Exception {
        return PolicyParser.parse(name + ".yml", Files.readString(Path.of("examples", name + ".yml")) + "\nversionLabel: " + versionLabel + "\n");
    }

    /** Every kind of event that can build commit C, on the default branch, with a (new) history. */
    static List<PlanRequest> eventsOfOneCommit() {
        List<PlanRequest> out = new ArrayList<>();
        out.add(new PlanRequest(GitRef.branch("main"), RefChange.UPDATED, "push", C, COMMITTED, COMMITTED, null, null, null));
        out.add(new PlanRequest(GitRef.branch("dev"), RefChange.UPDATED, "push", C, COMMITTED, COMMITTED, null, null, null));
        out.add(new PlanRequest(GitRef.tag("v1.4.0"), RefChange.CREATED, "push", C, COMMITTED, COMMITTED, null, "refs/heads/main", null));
        out.add(new PlanRequest(GitRef.tag("v2.0.0-rc.1"), RefChange.CREATED, "push", C, COMMITTED, COMMITTED, null, "refs/heads/main", null));
        out.add(new PlanRequest(GitRef.branch("main"), RefChange.SCHEDULED, "schedule", C, COMMITTED, Instant.parse("2026-03-01T00:00:00Z"),
                null, null, "nightly"));
        return out;
    }

    static Stream<String> examples() {
        return Stream.of("semver", "channels", "variants", "multiarch", "ci-retention");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyEventThatBuildsACommitAsksForTheSameImage(String example) {
        ReleasePolicy policy = example(example);
        Map<String, Set<Map<String, String>>> imageInputs = new LinkedHashMap<>();
        for (PlanRequest request : eventsOfOneCommit()) {
            Decision d = TagPlanner.decide(request, policy, ReleaseHistory.empty());
            for (Decision.Variant v : d.variants()) {
                Map<String, String> inputs = new LinkedHashMap<>(v.labels());
                v.annotations().forEach((k, val) -> inputs.put("annotation:" + k, val));
                imageInputs.computeIfAbsent(v.spec().name(), k -> new HashSet<>()).add(inputs);
            }
        }
        assertTrue(!imageInputs.isEmpty(), example + " builds something");
        imageInputs.forEach((variant, inputs) -> assertEquals(1, inputs.size(),
                example + "/" + variant + ": labels and annotations must not depend on the event: " + inputs));
    }

    @Test
    void theVersionLabelIsTheCommitAndMetadataActionsVersionStaysInThePlan() {
        Decision d = TagPlanner.decide(eventsOfOneCommit().get(2), example("semver"), ReleaseHistory.empty());
        assertEquals("1a2b3c4", d.variants().get(0).labels().get("org.opencontainers.image.version"));
        assertEquals("1.4.0", d.version(), "the release version is the plan's");
        assertEquals("1.4.0", d.labels().get("org.opencontainers.image.version"), "metadata-action's labels output is unchanged");
    }

    @Test
    void versionLabelEventIsMetadataActionsAndForksTheDigest() throws Exception {
        ReleasePolicy policy = withVersionLabel("channels", "event");
        Decision push = TagPlanner.decide(eventsOfOneCommit().get(0), policy, ReleaseHistory.empty());
        Decision release = TagPlanner.decide(eventsOfOneCommit().get(2), policy, ReleaseHistory.empty());
        assertEquals("1.4.0", release.variants().get(0).labels().get("org.opencontainers.image.version"));
        assertEquals("sha-1a2b3c4", push.variants().get(0).labels().get("org.opencontainers.image.version"));
        assertNotEquals(push.variants().get(0).labels(), release.variants().get(0).labels(), "the opt-in costs a second digest");
    }

    @Test
    void aReleaseTagOnACommitAlreadyPushedPlansItsShaTagSoTheBuilderCanRetag() {
        Scenario s = new Scenario(example("channels"));
        Decision push = s.push("main");
        Decision release = s.tagAt("v1.0.0", push.commit(), push.commitTime());
        assertEquals(push.variants().get(0).labels(), release.variants().get(0).labels());
        String sha = "sha-" + push.commit().value().substring(0, 7);
        assertTrue(push.variants().get(0).tags().contains(sha), push.variants().get(0).tags().toString());
        assertTrue(release.variants().get(0).tags().contains(sha), "the builder finds the image behind " + sha);
    }

    /**
     * A webhook and a poll of one (rebased) commit: tag-listener dates both by the commit's committer date (a webhook
     * payload's timestamp only where it is that date, else read from Git as the poller does), so they plan one image:
     * the same commit time (build key) and the same labels, whichever arrives and whenever it was observed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aWebhookAndAPollOfOneCommitPlanTheSameImage(String example) {
        RepositoryId repo = RepositoryId.of("github.com/acme/api");
        String url = "https://github.com/acme/api.git";
        RefEvent webhook = RefEvent.create(repo, url, GitRef.tag("v1.4.0"), RefChange.CREATED, null, C, COMMITTED,
                EventSource.GITHUB, "delivery-1", Instant.parse("2026-12-04T18:00:00Z"), "main", null, null);
        RefEvent polled = RefEvent.create(repo, url, GitRef.tag("v1.4.0"), RefChange.CREATED, null, C, COMMITTED,
                EventSource.POLLER, null, Instant.parse("2026-12-04T18:05:00Z"), "main", null, null);
        ReleasePolicy policy = example(example);
        PlanOutcome planned = TagPlanner.plan(webhook, policy, ReleaseHistory.empty());
        TagPlan a = planned.tagPlan().orElseThrow(() -> new AssertionError(example + ": " + planned.skipReason()));
        TagPlan b = TagPlanner.plan(polled, policy, ReleaseHistory.empty()).tagPlan().orElseThrow();
        assertEquals(COMMITTED, a.commitTime());
        assertEquals(a.commitTime(), b.commitTime(), "the build key's commit time");
        assertEquals(a.variants(), b.variants(), "tags, labels (created) and annotations");
    }

    // ---- dates come from the event

    static Stream<Arguments> eventTimes() {
        Instant observed = Instant.parse("2026-12-04T18:00:00Z");
        Instant slot = Instant.parse("2026-03-01T00:00:00Z");
        RepositoryId repo = RepositoryId.of("github.com/acme/api");
        String url = "https://github.com/acme/api.git";
        return Stream.of(
                Arguments.of("schedule: its slot", RefEvent.create(repo, url, GitRef.branch("main"), RefChange.SCHEDULED, null, C, COMMITTED,
                        EventSource.SCHEDULE, null, observed, "main", null, new Schedule("nightly", slot)), slot),
                Arguments.of("push: the commit time", RefEvent.create(repo, url, GitRef.branch("main"), RefChange.UPDATED, null, C, COMMITTED,
                        EventSource.POLLER, null, observed, "main", null, null), COMMITTED),
                Arguments.of("replay of a schedule: still its slot", RefEvent.create(repo, url, GitRef.branch("main"), RefChange.SCHEDULED, null,
                        C, COMMITTED, EventSource.SCHEDULE, null, observed, "main", null, new Schedule("nightly", slot))
                        .asReplay("replay-1", false, observed.plusSeconds(86_400 * 30)), slot),
                Arguments.of("commit time unknown: none (never when it was observed)", RefEvent.create(repo, url, GitRef.branch("main"),
                        RefChange.UPDATED, null, C, null, EventSource.POLLER, null, observed, "main", null, null), null),
                Arguments.of("a deleted tag (no commit): when it was observed", RefEvent.create(repo, url, GitRef.tag("v1.0.0"),
                        RefChange.DELETED, C, null, null, EventSource.POLLER, null, observed, "main", null, null), observed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTimes")
    void templatesAreDatedByTheEvent(String name, RefEvent event, Instant expected) {
        assertEquals(expected, PlanRequest.eventTime(event));
        assertEquals(expected, PlanRequest.of(event).now());
    }

    /** A policy, an event of commit C whose commit time is unknown, and what the planner must do with it. */
    record Undated(String name, String policyTail, GitRef ref, String skipped) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Undated> undatedEvents() {
        return Stream.of(
                new Undated("no date in the policy: planned, the plan undated, created left to the builder", "", GitRef.branch("main"),
                        null),
                new Undated("a release tag: planned the same way", "", GitRef.tag("v1.4.0"), null),
                new Undated("a {{date}} tag: not planned", "\ntags:\n  - type=ref,event=branch\n  - type=raw,value=build-{{date 'YYYYMMDD'}}\n",
                        GitRef.branch("main"), "{{date}}"),
                new Undated("a {{commit_date}} label: not planned", "\nlabels:\n  - org.example.built={{commit_date 'YYYY-MM-DD'}}\n",
                        GitRef.branch("main"), "{{commit_date}}"),
                new Undated("a nightly tag on a push: not rendered, so planned", "", GitRef.branch("dev"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undatedEvents")
    void anEventWithoutCommitTimeIsNeverDatedByAGuess(Undated u) throws Exception {
        String yaml = Files.readString(Path.of("examples", "channels.yml"));
        if (!u.policyTail().isEmpty()) {
            // replace the example's tags (or add labels) with the row's own
            yaml = u.policyTail().startsWith("\ntags:") ? yaml.replaceAll("(?ms)^tags:\n(  - .*?\n)+", "") + u.policyTail() : yaml + u.policyTail();
        }
        ReleasePolicy policy = PolicyParser.parse("undated.yml", yaml);
        Instant observed = Instant.parse("2026-12-04T18:00:00Z");
        RefEvent event = RefEvent.create(RepositoryId.of("github.com/acme/api"), "https://github.com/acme/api.git", u.ref(),
                RefChange.CREATED, null, C, null, EventSource.GENERIC, null, observed, "main", null, null);
        PlanOutcome outcome = TagPlanner.plan(event, policy, ReleaseHistory.empty());
        if (u.skipped() != null) {
            assertEquals(null, outcome.plan(), "no plan");
            assertTrue(outcome.skipReason().contains("commit time is unknown") && outcome.skipReason().contains(u.skipped()),
                    outcome.skipReason());
            return;
        }
        assertTrue(outcome.plan() != null, String.valueOf(outcome.skipReason()));
        assertEquals(null, outcome.plan().commitTime(), "the builder reads it from the commit");
        for (var v : outcome.plan().variants()) {
            assertEquals("", v.labels().get("org.opencontainers.image.created"), "left for the builder to fill");
            assertTrue(v.tags().stream().noneMatch(t -> t.value().contains("20261204")), "nothing dated by when it was observed: " + v.tags());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T00:00:00Z", "2026-03-01T23:59:59Z"})
    void aNightlyIsTaggedWithTheDateOfItsSlotWhenEverItIsPlanned(String slot) {
        RefEvent nightly = RefEvent.create(RepositoryId.of("github.com/acme/api"), "https://github.com/acme/api.git", GitRef.branch("main"),
                RefChange.SCHEDULED, null, C, COMMITTED, EventSource.SCHEDULE, null, Instant.parse("2026-12-04T18:00:00Z"), "main", null,
                new Schedule("nightly", Instant.parse(slot)));
        PlanOutcome a = TagPlanner.plan(nightly, example("channels"), ReleaseHistory.empty());
        PlanOutcome b = TagPlanner.plan(nightly.asReplay("replay-2", false, Instant.parse("2027-01-01T00:00:00Z")), example("channels"),
                ReleaseHistory.empty());
        List<String> tags = a.plan().variants().get(0).tags().stream().map(Object::toString).toList();
        assertTrue(tags.contains("nightly-20260301"), tags.toString());
        assertEquals(tags, b.plan().variants().get(0).tags().stream().map(Object::toString).toList(), "a replay plans the same tags");
    }

    // ---- retraction

    record Retraction(String name, String policy, String retraction, List<String> releases, String deleted,
                      List<String> repointed, Map<String, List<String>> untag) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Retraction> retractions() {
        return Stream.of(
                new Retraction("the only 2.x: 2 and 2.0 go, latest moves back", "semver", "keep", List.of("v1.1.0", "v2.0.0"), "v2.0.0",
                        List.of("1.1", "1", "latest"), Map.of("default", List.of("2.0", "2"))),
                new Retraction("the only 2.x under untag: 2.0.0 goes too", "semver", "untag", List.of("v1.1.0", "v2.0.0"), "v2.0.0",
                        List.of("1.1", "1", "latest"), Map.of("default", List.of("2.0.0", "2.0", "2"))),
                new Retraction("the only release: every tag of it goes", "semver", "keep", List.of("v1.0.0"), "v1.0.0",
                        List.of(), Map.of("default", List.of("1.0", "1", "latest"))),
                new Retraction("a patch with its minor left: nothing removed, 1.2 re-pointed", "semver", "keep",
                        List.of("v1.2.0", "v1.2.1"), "v1.2.1", List.of("1.2", "1", "latest"), Map.of()),
                new Retraction("a patch under untag: only its exact tag goes", "semver", "untag",
                        List.of("v1.2.0", "v1.2.1"), "v1.2.1", List.of("1.2", "1", "latest"), Map.of("default", List.of("1.2.1"))),
                new Retraction("a release that held nothing, keep: nothing", "semver", "keep", List.of("v1.2.0", "v1.2.1"), "v1.2.0",
                        List.of(), Map.of()),
                new Retraction("a prerelease under untag: its exact tag", "semver", "untag", List.of("v1.0.0", "v2.0.0-rc.1"), "v2.0.0-rc.1",
                        List.of(), Map.of("default", List.of("2.0.0-rc.1"))),
                new Retraction("variants: each loses its own suffixed tags", "variants", "keep", List.of("v0.21.0", "v0.22.8"), "v0.22.8",
                        List.of("0.21", "latest"), Map.of("base", List.of("0.22"), "full", List.of("0.22-full"), "slim", List.of("0.22-slim"))),
                new Retraction("the channel's newest prerelease: rc moves back to rc.1", "channels", "keep",
                        List.of("v1.0.0", "v2.0.0-rc.1", "v2.0.0-rc.2"), "v2.0.0-rc.2", List.of("rc"), Map.of()),
                new Retraction("the channel's only prerelease: rc goes", "channels", "keep", List.of("v1.0.0", "v2.0.0-rc.1"), "v2.0.0-rc.1",
                        List.of(), Map.of("default", List.of("rc"))),
                new Retraction("the only prerelease under untag: its exact tags and rc go", "channels", "untag",
                        List.of("v1.0.0", "v2.0.0-rc.1"), "v2.0.0-rc.1", List.of(), Map.of("default", List.of("2.0.0-rc.1", "rc"))),
                new Retraction("an older prerelease held no channel tag: nothing", "channels", "keep",
                        List.of("v2.0.0-rc.1", "v2.0.0-rc.2"), "v2.0.0-rc.1", List.of(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retractions")
    void aRetractionLeavesNoFloatingTagOnTheRetractedImage(Retraction r) throws Exception {
        ReleasePolicy policy = PolicyParser.parse(r.policy() + ".yml",
                Files.readString(Path.of("examples", r.policy() + ".yml")) + "\nretraction: " + r.retraction() + "\n");
        Scenario s = new Scenario(policy);
        Map<String, CommitSha> commits = new LinkedHashMap<>();
        for (String release : r.releases()) {
            commits.put(release, s.tag(release).commit());
        }
        Decision d = s.deleteTag(r.deleted());
        assertEquals(r.untag(), s.untag(), "removed");
        assertEquals(r.repointed(), s.tagsOfFirst(), "re-pointed");
        if (!r.untag().isEmpty()) {
            assertEquals(commits.get(r.deleted()), d.untagCommit(), "only where the tags still point at the retracted commit's image");
        }
        assertTrue(s.history.byTag(r.deleted()).isEmpty());
    }

    @Test
    void aRetractionNeverRemovesTheCommitsShaTag() throws Exception {
        Scenario s = new Scenario(PolicyParser.parse("c.yml", Files.readString(Path.of("examples", "channels.yml")) + "\nretraction: untag\n"));
        Decision v2 = s.tag("v2.0.0");
        s.deleteTag("v2.0.0");
        List<String> removed = s.untag().get("default");
        assertEquals(List.of("2.0.0", "2.0", "latest"), removed, "the only release: latest goes too");
        assertTrue(removed.stream().noneMatch(t -> t.startsWith("sha-")), "sha-" + v2.commit().value().substring(0, 7) + " stays");
    }

    @Test
    void statelessRetractionListsEveryFloatingTagOfTheReleaseAndRepointsNone() throws Exception {
        Scenario s = new Scenario(PolicyParser.parse("s.yml", Files.readString(Path.of("examples", "semver.yml")) + "\nfloatingTags: stateless\n"));
        s.tag("v1.2.0");
        Decision v121 = s.tag("v1.2.1");
        Decision d = s.deleteTag("v1.2.1");
        // no order of releases: the builder removes those still on v1.2.1's image (its revision check), re-points none
        assertEquals(Map.of("default", List.of("1.2", "1", "latest")), s.untag());
        assertTrue(d.variants().stream().allMatch(v -> v.tags().isEmpty()), "nothing re-pointed: " + d.variants());
        assertEquals(v121.commit(), d.untagCommit());
    }

    @Test
    void aComponentsRetractionUntagsTheComponentsOwnTags() throws Exception {
        String policy = Files.readString(Path.of("examples", "semver.yml")) + """
                retraction: untag
                components:
                  - name: app
                    images: [registry.acme.dev/acme/app]
                """;
        Scenario s = new Scenario(PolicyParser.parse("m.yml", policy));
        s.tag("app/v1.0.0");
        Decision v2 = s.tag("app/v2.0.0");
        Decision d = s.deleteTag("app/v2.0.0");
        assertEquals(Map.of("app", List.of("2.0.0", "2.0", "2")), s.untag(), "planned as 2.0.0, the prefix stripped");
        assertEquals(List.of("1.0", "1", "latest"), s.tagsOfFirst(), "app's floating tags move back to app/v1.0.0");
        assertEquals(v2.commit(), d.untagCommit());
    }
}
