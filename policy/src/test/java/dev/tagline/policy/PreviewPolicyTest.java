package dev.tagline.policy;

import dev.tagline.policy.release.PreviewPolicy;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.BuildCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 19: {@code previews:} and a build command's {@code tools} / {@code network}. */
class PreviewPolicyTest {
    private static final String HEAD = "repository: github.com/acme/shop\nimages: [registry.acme.dev/acme/shop]\n";

    @Test
    void withoutASectionPullRequestsGoToDashPrAndAreNotTrusted() {
        ReleasePolicy p = PolicyParser.parse("p.yml", HEAD);
        assertEquals(PreviewPolicy.DEFAULT, p.previews());
        assertEquals("-pr", p.previews().repositorySuffix());
        assertFalse(p.previews().trustSameRepository());
    }

    @Test
    void theSectionSetsTheSuffixAndSameRepositoryTrust() {
        ReleasePolicy p = PolicyParser.parse("p.yml", HEAD + "previews:\n  repositorySuffix: /previews\n  trustSameRepository: true\n");
        assertEquals(new PreviewPolicy("/previews", true), p.previews());
    }

    @Test
    void componentsKeepTheTopLevelPreviews() {
        ReleasePolicy p = PolicyParser.parse("p.yml", HEAD + "previews: {repositorySuffix: -preview}\ncomponents:\n  - name: api\n");
        assertEquals("-preview", p.components().get(0).policy().previews().repositorySuffix());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "previews: [x]                      | p.yml:3: previews: must be a mapping",
            "previews: {repositorySuffix: PR}   | p.yml:3: previews.repositorySuffix: must start with",
            "previews: {repositorySuffix: ''}   | p.yml:3: previews.repositorySuffix: must start with",
            "previews: {trustSameRepository: 1} | p.yml:3: previews.trustSameRepository: must be true or false",
            "previews: {suffix: -pr}            | p.yml:3: previews.suffix: unknown key"})
    void badSectionsNameTheKey(String yaml, String message) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse("p.yml", HEAD + yaml + "\n"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aBuildCommandDeclaresItsToolsAndNetwork() {
        ReleasePolicy p = PolicyParser.parse("p.yml", HEAD + """
                recipe:
                  buildCommand:
                    command: [make]
                    tools: [/opt/jdk, /opt/node]
                    network: true
                """);
        BuildCommand c = p.defaultVariant().recipe().buildCommand();
        assertEquals(List.of("/opt/jdk", "/opt/node"), c.grants().tools());
        assertTrue(c.grants().network());
        BuildCommand plain = PolicyParser.parse("p.yml", HEAD + "recipe:\n  buildCommand:\n    command: [make]\n")
                .defaultVariant().recipe().buildCommand();
        assertNull(plain.sandbox(), "nothing granted: the recipe's JSON (and build key) is as before");
    }

    @Test
    void aRelativeToolPathIsRefused() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse("p.yml", HEAD
                + "recipe:\n  buildCommand:\n    command: [make]\n    tools: [opt/jdk]\n"));
        assertTrue(e.getMessage().contains("buildCommand: SandboxGrants.tools: 'opt/jdk' must be an absolute"), e.getMessage());
    }
}
