package dev.tagline.policy.conventional;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.autorelease.AutoRelease;
import dev.tagline.schema.event.CommitRange;
import dev.tagline.schema.event.GitCommit;
import dev.tagline.schema.value.CommitSha;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The next-version decision, one row per case of issue 20. A history is written oldest first as
 * {@code "message"} or {@code "message @tag1 @tag2"}; the last line is the pushed head.
 */
class ReleaseDeciderTest {
    static final AutoRelease RULES = PolicyParser.parseFile("p.yaml", """
            repository: github.com/acme/shop
            release:
              branches:
                - main
                - name: next
                  prerelease: rc
                - release/1.x
                - name: hotfix
                  range: 1.2.x
            """).release().orElseThrow().autoRelease();
    static final AutoRelease ZERO = PolicyParser.parseFile("p.yaml", """
            repository: github.com/acme/shop
            release:
              branches: [main]
              initialVersion: 0.1.0
              tagFormat: shop-{{version}}
            """).release().orElseThrow().autoRelease();

    static Stream<Arguments> cases() {
        return Stream.of(
                row("feat after v1.2.3 is a minor", RULES, "main", List.of("init @v1.2.3", "feat: login"), Map.of(), "v1.3.0"),
                row("fix is a patch", RULES, "main", List.of("init @v1.2.3", "fix: npe"), Map.of(), "v1.2.4"),
                row("perf is a patch", RULES, "main", List.of("init @v1.2.3", "perf: cache"), Map.of(), "v1.2.4"),
                row("the largest bump wins", RULES, "main", List.of("init @v1.2.3", "fix: a", "feat(ui): b", "chore: c"), Map.of(), "v1.3.0"),
                row("! is a major", RULES, "main", List.of("init @v1.2.3", "feat(api)!: drop v1"), Map.of(), "v2.0.0"),
                row("a BREAKING CHANGE footer is a major", RULES, "main", List.of("init @v1.2.3", "fix: x\n\nBREAKING CHANGE: y"), Map.of(), "v2.0.0"),
                row("a breaking change while 0.x is a minor", ZERO, "main", List.of("init @shop-0.3.1", "feat!: new api"), Map.of(), "shop-0.4.0"),
                row("no tag yet: the initial version", ZERO, "main", List.of("init", "feat: first"), Map.of(), "shop-0.1.0"),
                row("no releasable commits: no tag", RULES, "main", List.of("init @v1.2.3", "chore: deps", "docs: readme", "Merge branch x"), Map.of(), null),
                row("[skip release] does not count", RULES, "main", List.of("init @v1.2.3", "feat: x [skip release]"), Map.of(), null),
                row("a manual tag in between is the base", RULES, "main", List.of("init @v1.2.3", "feat: a", "fix: b @v1.5.0", "fix: c"),
                        Map.of("v1.2.3", sha("init @v1.2.3")), "v1.5.1"),
                row("a rewritten branch never re-tags: v1.3.0 of the old history stays", RULES, "main", List.of("init @v1.2.3", "feat: other"),
                        Map.of("v1.3.0", sha("feat: gone")), "v1.4.0"),
                row("a revert of an unreleased feature cancels it", RULES, "main",
                        List.of("init @v1.2.3", "fix: small", "feat: big", "Revert \"feat: big\"\n\nThis reverts commit " + sha("feat: big").value() + "."),
                        Map.of(), "v1.2.4"),
                row("a revert of the only feature leaves nothing", RULES, "main",
                        List.of("init @v1.2.3", "feat: big", "Revert \"feat: big\"\n\nThis reverts commit " + sha("feat: big").value() + "."),
                        Map.of(), null),
                row("a head already tagged is done", RULES, "main", List.of("init @v1.2.3", "feat: a @v1.3.0"), Map.of(), null),
                row("maintenance fix gives a patch within 1.x", RULES, "release/1.x", List.of("init @v1.1.4", "fix: backport"),
                        Map.of("v1.2.3", sha("main"), "v2.0.0", sha("main2")), "v1.1.5"),
                row("maintenance feat gives a minor within 1.x, past a taken one", RULES, "release/1.x", List.of("init @v1.1.4", "feat: backport"),
                        Map.of("v1.2.0", sha("main")), "v1.2.1"),
                row("maintenance major is rejected", RULES, "release/1.x", List.of("init @v1.1.4", "feat!: no"), Map.of(), "rejected"),
                row("a 1.2.x branch takes no minor", RULES, "hotfix", List.of("init @v1.2.3", "feat: no"), Map.of(), "rejected"),
                row("prerelease: rc.1", RULES, "next", List.of("init @v1.2.3", "feat: a"), Map.of(), "v1.3.0-rc.1"),
                row("prerelease: rc.2 after rc.1", RULES, "next", List.of("init @v1.2.3", "feat: a @v1.3.0-rc.1", "fix: b"), Map.of(), "v1.3.0-rc.2"),
                row("prerelease: a breaking change moves the series", RULES, "next", List.of("init @v1.2.3", "feat: a @v1.3.0-rc.1", "feat!: b"),
                        Map.of(), "v2.0.0-rc.1"),
                row("then the final on main", RULES, "main", List.of("init @v1.2.3", "feat: a @v1.3.0-rc.1", "fix: b @v1.3.0-rc.2"), Map.of(), "v1.3.0"),
                row("a branch that does not release", RULES, "feature/x", List.of("init @v1.2.3", "feat: a"), Map.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, AutoRelease rules, String branch, List<String> history, Map<String, CommitSha> known, String expected) {
        ReleaseOutcome outcome = ReleaseDecider.decide(rules, branch, sha(history.get(history.size() - 1)), range(history, false), known);
        if (expected == null) {
            assertInstanceOf(ReleaseOutcome.None.class, outcome, outcome.toString());
        } else if (expected.equals("rejected")) {
            assertInstanceOf(ReleaseOutcome.Rejected.class, outcome, outcome.toString());
        } else {
            assertEquals(expected, assertInstanceOf(ReleaseOutcome.Release.class, outcome, outcome.toString()).tagName());
        }
    }

    @Test
    void concurrentPushesToTwoReleasingBranchesDecideIndependently() {
        Map<String, CommitSha> known = new LinkedHashMap<>(Map.of("v1.2.3", sha("m0"), "v1.1.4", sha("r0")));
        List<String> main = List.of("m0 @v1.2.3", "feat: on main");
        List<String> maint = List.of("r0 @v1.1.4", "fix: on 1.x");
        ReleaseOutcome a = ReleaseDecider.decide(RULES, "main", sha("feat: on main"), range(main, false), known);
        ReleaseOutcome b = ReleaseDecider.decide(RULES, "release/1.x", sha("fix: on 1.x"), range(maint, false), known);
        assertEquals("v1.3.0", ((ReleaseOutcome.Release) a).tagName());
        assertEquals("v1.1.5", ((ReleaseOutcome.Release) b).tagName());
        // the same push decided again (redelivery) gives the same decision
        assertEquals(a, ReleaseDecider.decide(RULES, "main", sha("feat: on main"), range(main, false), known));
    }

    @Test
    void aTruncatedRangeWithoutBaseIsNotDecided() {
        ReleaseOutcome o = ReleaseDecider.decide(RULES, "main", sha("feat: a"), range(List.of("x", "feat: a"), true), Map.of());
        assertInstanceOf(ReleaseOutcome.Rejected.class, o);
    }

    @Test
    void theChangelogGroupsAndHidesOtherTypes() {
        List<String> history = List.of("init @v1.2.3", "chore: deps", "fix(api): npe on empty body", "feat(ui): dark mode",
                "perf: faster startup", "feat!: new config\n\nBREAKING CHANGE: config.yml moved to tagline.yml");
        ReleaseOutcome.Release r = (ReleaseOutcome.Release) ReleaseDecider.decide(RULES, "main", sha(history.get(5)), range(history, false), Map.of());
        assertEquals("v2.0.0", r.tagName());
        assertEquals("v1.2.3", r.previousTag());
        String s = sha(history.get(5)).shortSha(7);
        assertEquals("""
                ## v2.0.0

                ### ⚠ BREAKING CHANGES

                * config.yml moved to tagline.yml (%s)

                ### Features

                * new config (%s)
                * **ui:** dark mode (%s)

                ### Bug Fixes

                * **api:** npe on empty body (%s)

                ### Performance Improvements

                * faster startup (%s)
                """.formatted(s, s, sha(history.get(3)).shortSha(7), sha(history.get(2)).shortSha(7), sha(history.get(4)).shortSha(7)), r.changelog());
        assertTrue(!r.changelog().contains("deps"));
    }

    static Arguments row(String name, AutoRelease rules, String branch, List<String> history, Map<String, CommitSha> known, String expected) {
        return Arguments.of(name, rules, branch, history, known, expected);
    }

    /** A deterministic sha per line. */
    static CommitSha sha(String line) {
        String hex = String.format("%08x", line.hashCode());
        return CommitSha.parse((hex + hex + hex + hex + hex).substring(0, 40));
    }

    /** Oldest-first lines -> the commits newest first, cut at the newest final-looking tag (as tag-listener reads them). */
    static CommitRange range(List<String> history, boolean truncated) {
        List<GitCommit> out = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            String line = history.get(i);
            List<String> tags = new ArrayList<>();
            String message = line;
            int at = line.indexOf(" @");
            if (at >= 0) {
                message = line.substring(0, at);
                for (String t : line.substring(at + 2).split(" @")) {
                    tags.add(t);
                }
            }
            String[] parts = message.split("\n\n", 2);
            out.add(new GitCommit(sha(line), "Dev <dev@example.com>", parts[0], parts.length > 1 ? parts[1] : "", tags));
            if (tags.stream().anyMatch(t -> t.matches(".*\\d+\\.\\d+\\.\\d+"))) {
                break;
            }
        }
        return new CommitRange(out, truncated);
    }
}
