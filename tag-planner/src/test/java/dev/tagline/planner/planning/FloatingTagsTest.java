package dev.tagline.planner.planning;

import dev.tagline.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History-aware floating tags: latest, <major> and <major>.<minor> only move forward; prereleases never take them. */
class FloatingTagsTest {

    /** Earlier tags (all pushed first), then the tag under test, then its expected tags (sha-* left out). */
    static Stream<Arguments> releases() {
        return Stream.of(
                Arguments.of("firstReleaseTakesEveryFloatingTag", List.of(), "v1.4.2", List.of("1.4.2", "1.4", "1", "latest")),
                Arguments.of("newerReleaseMovesEveryFloatingTag", List.of("v1.4.2"), "v1.5.0", List.of("1.5.0", "1.5", "1", "latest")),
                Arguments.of("backportTagDoesNotMoveLatest", List.of("v1.2.0"), "v1.1.9", List.of("1.1.9", "1.1")),
                Arguments.of("backportWithinMinorKeepsOnlyItsExactTag", List.of("v1.2.0", "v1.2.5"), "v1.2.3", List.of("1.2.3")),
                Arguments.of("patchOfOldMajorLineMovesThatMajorOnly", List.of("v2.0.0", "v1.4.0"), "v1.5.0", List.of("1.5.0", "1.5", "1")),
                Arguments.of("patchOfLatestMinorMovesAll", List.of("v1.1.0", "v1.2.0"), "v1.2.1", List.of("1.2.1", "1.2", "1", "latest")),
                Arguments.of("prereleaseNeverGetsLatest", List.of("v1.0.0"), "v2.0.0-rc.1", List.of("2.0.0-rc.1")),
                Arguments.of("prereleaseOnEmptyHistoryStillNoLatest", List.of(), "v1.0.0-beta.1", List.of("1.0.0-beta.1")),
                Arguments.of("prereleasesDoNotBlockTheirFinalRelease", List.of("v2.0.0-rc.1", "v2.0.0-rc.2"), "v2.0.0",
                        List.of("2.0.0", "2.0", "2", "latest")),
                Arguments.of("rePushOfSameVersionKeepsItsTags", List.of("v1.0.0", "v1.1.0"), "1.1.0", List.of("1.1.0", "1.1", "1", "latest")),
                Arguments.of("buildMetadataDoesNotCountAsNewer", List.of("v1.1.0"), "v1.1.0+build.7", List.of("1.1.0", "1.1", "1", "latest")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void floatingTagsOnlyMoveForward(String name, List<String> earlier, String tag, List<String> expected) {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", """
                repository: github.com/acme/shop
                images: [registry.acme.dev/acme/shop]
                tags:
                  - type=semver,pattern={{version}}
                  - type=semver,pattern={{major}}.{{minor}}
                  - type=semver,pattern={{major}}
                """));
        earlier.forEach(s::tag);
        s.tag(tag);
        assertEquals(expected, s.tagsOfFirst());
    }

    @Test
    void retractionMovesFloatingTagsBackToThePreviousRelease() {
        Scenario s = Scenario.example("semver");
        Decision v120 = s.tag("v1.2.0");
        s.tag("v1.3.0");
        Decision retraction = s.deleteTag("v1.3.0");
        assertTrue(retraction.planned(), retraction.skipReason());
        assertEquals(v120.commit(), retraction.commit(), "plans the previous release's commit");
        assertEquals(List.of("1.2", "1", "latest"), s.tagsOfFirst());
        assertEquals("refs/tags/v1.2.0", retraction.ref().value());
        assertEquals("1.2.0", retraction.release());
        assertFalse(s.history.byTag("v1.3.0").isPresent(), "the retracted release left the history");
    }

    @Test
    void retractionOfANewMinorOnlyMovesWhatItHeld() {
        Scenario s = Scenario.example("semver");
        s.tag("v2.0.0");
        Decision v15 = s.tag("v1.5.0");
        s.tag("v1.6.0");
        Decision retraction = s.deleteTag("v1.6.0");
        assertEquals(v15.commit(), retraction.commit());
        assertEquals(List.of("1.5", "1"), s.tagsOfFirst(), "1.5 is re-asserted, 1 moves back, latest stays on 2.0.0");
    }

    @Test
    void retractionOfABackportWithNothingBelowItRemovesTheMinorTagItHeld() {
        Scenario s = Scenario.example("semver");
        s.tag("v1.2.0");
        Decision v119 = s.tag("v1.1.9");
        Decision retraction = s.deleteTag("v1.1.9");
        assertTrue(retraction.planned(), "1.1 must not stay on the retracted image");
        assertEquals(v119.commit(), retraction.untagCommit());
        assertEquals(List.of(), s.tagsOfFirst(), "nothing to re-point: no 1.1.x release is left");
        assertEquals(List.of("1.1"), retraction.variants().get(0).untag(), "the exact 1.1.9 stays (retraction: keep)");
        assertEquals(1, s.history.releases().size());
    }

    @Test
    void retractionOfAReleaseThatHeldNothingPlansNothing() {
        Scenario s = Scenario.example("semver");
        s.tag("v1.2.0");
        s.tag("v1.2.1");
        assertFalse(s.deleteTag("v1.2.0").planned());
    }

    @Test
    void deletingAnUnknownTagOrABranchPlansNothing() {
        Scenario s = Scenario.example("semver");
        assertFalse(s.deleteTag("v9.9.9").planned());
        assertEquals(ReleaseHistory.empty(), s.history);
    }

    @Test
    void eachVariantsLatestPointsAtTheNewestOfItsOwnVariant() {
        Scenario s = Scenario.example("variants");
        // a release built before the slim variant existed
        s.history = s.history.with(new ReleaseHistory.Release("v0.23.0", ReleaseVersion.parseAny("0.23.0"),
                dev.tagline.schema.value.CommitSha.parse(Scenario.sha(99)), Scenario.T0, java.util.Set.of("base", "full")));
        s.tag("v0.22.9");
        assertEquals(List.of("0.22.9", "0.22"), s.tags().get("base"));
        assertEquals(List.of("0.22.9-full", "0.22-full"), s.tags().get("full"));
        assertEquals(List.of("0.22.9-slim", "0.22-slim", "latest-slim"), s.tags().get("slim"));
    }

    @Test
    void historyIsTheFoldOfTheEventsSoAReplayRebuildsIt() {
        Scenario live = Scenario.example("semver");
        List<String> tags = Arrays.asList("v1.0.0", "v1.1.0", "v1.0.1", "v2.0.0-rc.1", "v2.0.0");
        tags.forEach(live::tag);
        live.deleteTag("v2.0.0");
        Scenario replay = Scenario.example("semver");
        tags.forEach(replay::tag);
        replay.deleteTag("v2.0.0");
        assertEquals(live.history, replay.history);
        assertEquals(List.of("v1.0.0", "v1.1.0", "v1.0.1", "v2.0.0-rc.1"), live.history.releases().stream().map(ReleaseHistory.Release::tag).toList());
        assertNotNull(live.last.commit());
    }

    /** A tag pushed, then the tags the first variant gets and the plan's channel (null: not checked). */
    record Step(String tag, List<String> tags, String channel) {
        static Step push(String tag) {
            return new Step(tag, null, null);
        }

        static Step push(String tag, List<String> tags) {
            return new Step(tag, tags, null);
        }
    }

    /** A policy's floating tags over a sequence of pushed tags. */
    static Stream<Arguments> sequences() {
        String shop = "repository: github.com/acme/shop\nimages: [registry.acme.dev/acme/shop]\n";
        String lib = "repository: github.com/acme/lib\nimages: [registry.acme.dev/acme/lib]\n";
        return Stream.of(
                Arguments.of("statelessPolicyLetsABackportTakeLatestLikeMetadataAction", """
                        repository: github.com/acme/shop
                        floatingTags: stateless
                        images: [registry.acme.dev/acme/shop]
                        tags:
                          - type=semver,pattern={{version}}
                          - type=semver,pattern={{major}}
                        """, List.of(Step.push("v1.2.0"), Step.push("v1.1.9", List.of("1.1.9", "1", "latest")))),
                Arguments.of("prereleaseNeverGetsLatestEvenWithFlavorLatestTrue", shop + """
                        tags:
                          - type=semver,pattern={{version}}
                        flavor: [latest=true]
                        """, List.of(new Step("v2.0.0-rc.1", List.of("2.0.0-rc.1"), "prerelease"))),
                Arguments.of("defaultTagListIsHistoryAwareForSemverTags", shop,
                        List.of(Step.push("v1.2.0"), Step.push("v1.1.9", List.of("v1.1.9")))),
                Arguments.of("pep440ReleasesAreOrderedByPep440", lib + """
                        tags:
                          - type=pep440,pattern={{version}}
                          - type=pep440,pattern={{major}}.{{minor}}
                        """, List.of(Step.push("1.10", List.of("1.10", "latest")), Step.push("1.9.5", List.of("1.9.5", "1.9")),
                        Step.push("1.10.post1", List.of("1.10.post1")))),
                Arguments.of("releaseChannelTagsMoveOnlyForwardLikeLatest", shop + """
                        tags:
                          - type=semver,pattern={{version}}
                        channels:
                          - name: ga
                            release: true
                            tags: [stable]
                        """, List.of(new Step("v1.2.0", List.of("1.2.0", "latest", "stable"), "ga"),
                        Step.push("v1.1.9", List.of("1.1.9")))),
                Arguments.of("pep440PrereleaseChannelMatchesItsPrereleasePart", lib + """
                        tags:
                          - type=pep440,pattern={{version}}
                        channels:
                          - name: candidate
                            prerelease: ^rc
                        """, List.of(Step.push("2.0rc1", List.of("2.0rc1", "candidate")), Step.push("1.9rc3", List.of("1.9rc3")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void floatingTagsOverASequenceOfPushes(String name, String policy, List<Step> steps) {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", policy));
        for (Step step : steps) {
            s.tag(step.tag());
            if (step.tags() != null) {
                assertEquals(step.tags(), s.tagsOfFirst(), step.tag());
            }
            if (step.channel() != null) {
                assertEquals(step.channel(), s.last.channel(), step.tag());
            }
        }
    }
}
