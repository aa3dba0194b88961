package dev.tagline.policy.autorelease;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.autorelease.AutoRelease.Bump;
import dev.tagline.policy.autorelease.ReleaseBranch.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoReleaseParserTest {
    private static AutoRelease parse(String release) {
        return PolicyParser.parseFile("p.yaml", "repository: github.com/acme/shop\nrelease:\n" + release.indent(2)).release().orElseThrow().autoRelease();
    }

    @Test
    void offWithoutTheSection() {
        assertNull(PolicyParser.parseFile("p.yaml", "repository: github.com/acme/shop\n").release().orElseThrow().autoRelease());
    }

    @Test
    void defaultsAndTheThreeBranchKinds() {
        AutoRelease r = parse("""
                branches:
                  - main
                  - name: next
                    prerelease: rc
                  - release/1.x
                  - name: support
                    range: 2.3.x
                """);
        assertEquals(List.of(new ReleaseBranch("main", Kind.FINAL, null, null), new ReleaseBranch("next", Kind.PRERELEASE, "rc", null),
                new ReleaseBranch("release/1.x", Kind.MAINTENANCE, null, "1.x"), new ReleaseBranch("support", Kind.MAINTENANCE, null, "2.3.x")),
                r.branches());
        assertEquals("v{{version}}", r.tagFormat());
        assertEquals("1.0.0", r.initialVersion());
        assertEquals(AutoRelease.DEFAULT_BUMPS, r.bumps());
        assertTrue(r.annotated());
        assertFalse(r.dryRun());
        assertEquals("[skip release]", r.skipMarker());
        assertEquals("v1.3.0", r.tagName("1.3.0"));
        assertEquals("1.3.0", r.versionOf("v1.3.0").orElseThrow());
        assertTrue(r.versionOf("release-1.3.0").isEmpty());
    }

    @Test
    void everyKeySet() {
        AutoRelease r = parse("""
                from: conventional-commits
                branches: [main]
                tagFormat: app/v{{version}}
                initialVersion: 0.1.0
                bumps: {feat: minor, fix: patch, docs: patch}
                annotated: false
                dryRun: true
                skipMarker: "[no release]"
                """);
        assertEquals(Map.of("feat", Bump.MINOR, "fix", Bump.PATCH, "docs", Bump.PATCH), r.bumps());
        assertEquals("app/v0.1.0", r.tagName("0.1.0"));
        assertFalse(r.annotated());
        assertTrue(r.dryRun());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "from: semantic-release\\nbranches: [main]   | release.from",
            "tagFormat: v1                               | release.branches",
            "branches: []                                | release.branches",
            "branches: [main]\\ntagFormat: latest        | release.tagFormat",
            "branches: [main]\\ninitialVersion: 1.0      | release.initialVersion",
            "branches: [main]\\nbumps: {feat: huge}      | release.bumps.feat",
            "branches: [main]\\ndryrun: true             | release.dryrun",
            "branches: [{name: x, range: 1.y}]           | release.branches[0].range",
            "branches: [{name: x, prerelease: 'a b'}]    | release.branches[0].prerelease",
            "branches: [main, main]                      | release.branches[1].name",
    })
    void errorsNameTheFieldAndLine(String yaml, String subject) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> parse(yaml.replace("\\n", "\n")));
        assertEquals(subject, e.subject(), e.getMessage());
        assertTrue(e.getMessage().startsWith("p.yaml:"), e.getMessage());
    }
}
