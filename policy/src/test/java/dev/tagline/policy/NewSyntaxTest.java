package dev.tagline.policy;

import dev.tagline.policy.release.ComponentSpec;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.policy.release.TagRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The syntax added for issue 17: current upstream attributes and expressions, calver rules, components, shortShaLength. */
class NewSyntaxTest {
    private static final String HEAD = "repository: github.com/acme/mono\nimages: [registry.acme.dev/acme/mono]\n";

    @ParameterizedTest
    @ValueSource(strings = {
            "type=raw,value=x,enable={{is_not_default_branch}}",
            "type=semver,pattern={{version}},\"match=v(\\d.\\d.\\d)$\"",
            "type=semver,pattern={{version}},value=p1/v1.2.3,\"match=v(\\d.\\d.\\d)$\"",
            "type=pep440,pattern={{version}},value=p1/v1.2.3,\"match=v(\\d.\\d.\\d)$\"",
            "type=semver,pattern={{version}},match=",
            "type=calver,format=YYYY.0M.0D,pattern={{version}}",
            "type=calver,format=YY.0W.MICRO-MODIFIER,pattern={{major}}.{{minor}}",
            "type=calver,format=YYYY.MINOR.MICRO,pattern=v{{major}},match=^web/(.*)$",
            "type=sha,prefix={{branch}}-",
            "type=raw,value=mytag-{{branch}}-{{sha}}"})
    void upstreamAndTaglineRulesParse(String line) {
        TagRule.parse(line);
    }

    @Test
    void componentsInheritTheTopLevelAndOverrideTheirOwnKeys() {
        ReleasePolicy p = PolicyParser.parse("mono.yml", HEAD + """
                tags: [type=sha]
                shortShaLength: 10
                components:
                  - name: app
                    images: [registry.acme.dev/acme/app]
                  - name: web
                    tagPrefixes: [web@, frontend/]
                    tags: ['type=calver,format=YYYY.0M.0D,pattern={{version}}']
                """);
        assertEquals(2, p.components().size());
        ComponentSpec app = p.components().get(0);
        assertEquals(List.of("app/", "app-"), app.tagPrefixes());
        assertEquals("registry.acme.dev/acme/app", app.policy().images().get(0).name());
        assertEquals("app", app.policy().defaultVariant().name());
        assertEquals(10, app.policy().shortShaLength());
        assertTrue(app.policy().tags().get(0) instanceof TagRule.Sha, "inherited tags");
        assertTrue(p.components().get(1).policy().tags().get(0) instanceof TagRule.CalVer);
        assertEquals("web", p.component("frontend/2024.05.01").orElseThrow().component().name());
        assertEquals("2024.05.01", p.component("web@2024.05.01").orElseThrow().version());
        assertTrue(p.component("v1.2.3").isEmpty());
        assertTrue(p.component("app/").isEmpty(), "a prefix alone is no component tag");
    }

    @Test
    void theLongestPrefixWins() {
        ReleasePolicy p = PolicyParser.parse("mono.yml", HEAD + "components:\n  - name: app\n  - name: app-admin\n");
        assertEquals("app-admin", p.component("app-admin-v1.0.0").orElseThrow().component().name());
        assertEquals("app", p.component("app-v1.0.0").orElseThrow().component().name());
    }

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                Arguments.of("components:\n  - name: app\n  - name: app\n", "mono.yml:5: component 'app': declared twice"),
                Arguments.of("components:\n  - name: App\n", "mono.yml:4: component 'App': name must match"),
                Arguments.of("components:\n  - name: app\n    channels: []\n", "mono.yml:5: component: unknown key 'channels'"),
                Arguments.of("components:\n  - name: app\n    tags: [type=semver]\n", "missing pattern attribute"),
                Arguments.of("shortShaLength: 0\n", "mono.yml:3: shortShaLength: must be a number from 1 to 64"),
                Arguments.of("shortShaLength: twelve\n", "shortShaLength: must be a number"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badPolicies")
    void badSectionsNameFileAndLine(String yaml, String message) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse("mono.yml", HEAD + yaml));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
