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
    void statelessPolicyLetsABackportTakeLatestLikeMetadataAction() {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", """
                repository: github.com/acme/shop
                floatingTags: stateless
                images: [registry.acme.dev/acme/shop]
                tags:
                  - type=semver,pattern={{version}}
                  - type=semver,pattern={{major}}
                """));
        s.tag("v1.2.0");
        s.tag("v1.1.9");
        assertEquals(List.of("1.1.9", "1", "latest"), s.tagsOfFirst());
    }

    @Test
    void prereleaseNeverGetsLatestEvenWithFlavorLatestTrue() {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", """
                repository: github.com/acme/shop
                images: [registry.acme.dev/acme/shop]
                tags:
                  - type=semver,pattern={{version}}
                flavor: [latest=true]
                """));
        s.tag("v2.0.0-rc.1");
        assertEquals(List.of("2.0.0-rc.1"), s.tagsOfFirst());
        assertEquals("prerelease", s.last.channel());
    }

    @Test
    void defaultTagListIsHistoryAwareForSemverTags() {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", """
                repository: github.com/acme/shop
                images: [registry.acme.dev/acme/shop]
                """));
        s.tag("v1.2.0");
        s.tag("v1.1.9");
        assertEquals(List.of("v1.1.9"), s.tagsOfFirst());
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
    void pep440ReleasesAreOrderedByPep440() {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", """
                repository: github.com/acme/lib
                images: [registry.acme.dev/acme/lib]
                tags:
                  - type=pep440,pattern={{version}}
                  - type=pep440,pattern={{major}}.{{minor}}
                """));
        s.tag("1.10");
        assertEquals(List.of("1.10", "latest"), s.tagsOfFirst());
        s.tag("1.9.5");
        assertEquals(List.of("1.9.5", "1.9"), s.tagsOfFirst());
        s.tag("1.10.post1");
        assertEquals(List.of("1.10.post1"), s.tagsOfFirst());
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

    @Test
    void releaseChannelTagsMoveOnlyForwardLikeLatest() {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", """
                repository: github.com/acme/shop
                images: [registry.acme.dev/acme/shop]
                tags:
                  - type=semver,pattern={{version}}
                channels:
                  - name: ga
                    release: true
                    tags: [stable]
                """));
        s.tag("v1.2.0");
        assertEquals(List.of("1.2.0", "latest", "stable"), s.tagsOfFirst());
        assertEquals("ga", s.last.channel());
        s.tag("v1.1.9");
        assertEquals(List.of("1.1.9"), s.tagsOfFirst());
    }

    @Test
    void pep440PrereleaseChannelMatchesItsPrereleasePart() {
        Scenario s = new Scenario(PolicyParser.parse("p.yml", """
                repository: github.com/acme/lib
                images: [registry.acme.dev/acme/lib]
                tags:
                  - type=pep440,pattern={{version}}
                channels:
                  - name: candidate
                    prerelease: ^rc
                """));
        s.tag("2.0rc1");
        assertEquals(List.of("2.0rc1", "candidate"), s.tagsOfFirst());
        s.tag("1.9rc3");
        assertEquals(List.of("1.9rc3"), s.tagsOfFirst());
    }
}
