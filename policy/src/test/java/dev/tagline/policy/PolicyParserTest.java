package dev.tagline.policy;

import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.policy.release.VariantSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyParserTest {
    private static final String HEAD = "repository: github.com/acme/shop\nimages: [registry.acme.dev/acme/shop]\n";

    @ParameterizedTest
    @ValueSource(strings = {"semver", "multiarch", "channels", "variants", "ci-retention"})
    void everyExamplePolicyParses(String name) {
        ReleasePolicy p = PolicyParser.parse(Path.of("../tag-planner/examples", name + ".yml"));
        assertEquals(name + ".yml", p.source());
        assertTrue(p.digest().matches("sha256:[0-9a-f]{64}"));
    }

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                Arguments.of("badRuleNamesFileLineAndRule", HEAD + "tags:\n  - type=sha\n  - type=semver\n",
                        "bad.yml:5: tag rule 'type=semver': missing pattern attribute"),
                Arguments.of("blockStringRuleNamesItsLine", HEAD + "tags: |\n  type=sha\n  type=ref,event=foo\n",
                        "bad.yml:5: tag rule 'type=ref,event=foo': invalid event 'foo'"),
                Arguments.of("unknownKey", HEAD + "tagz: []\n", "bad.yml:3: policy: unknown key 'tagz'"),
                Arguments.of("missingRepository", "images: [a/b]\n", "bad.yml:1: repository: is required"),
                Arguments.of("badRepository", "repository: acme\n", "bad.yml:1: repository: "),
                Arguments.of("badFlavor", HEAD + "flavor:\n  - latest=sometimes\n", "bad.yml:4: flavor 'latest=sometimes': latest must be auto"),
                Arguments.of("badImage", "repository: github.com/a/b\nimages: [Not An Image]\n", "bad.yml:2: image 'not an image'"),
                Arguments.of("badPlatform", HEAD + "platforms: [linux]\n", "bad.yml:3: platforms: "),
                Arguments.of("badYaml", HEAD + "tags: [\n", "bad.yml:"),
                Arguments.of("badLayer", HEAD + "recipe:\n  layers:\n    - {name: a, source: /etc, target: /x}\n", "bad.yml:5: layer: "),
                Arguments.of("duplicateVariant", HEAD + "variants:\n  - name: a\n  - name: a\n", "bad.yml:5: variant 'a': declared twice"),
                Arguments.of("channelWithoutSelector", HEAD + "channels:\n  - name: stable\n", "bad.yml:4: channel 'stable': needs exactly one"),
                Arguments.of("retentionNotAMapping", HEAD + "retention: [keepLast]\n", "bad.yml:3: retention: must be a mapping"),
                Arguments.of("badFloating", HEAD + "floatingTags: sometimes\n", "bad.yml:3: floatingTags: must be history or stateless"),
                Arguments.of("badVersionLabel", HEAD + "versionLabel: tag\n", "bad.yml:3: versionLabel: must be commit or event"),
                Arguments.of("badRetraction", HEAD + "retraction: delete\n", "bad.yml:3: retraction: must be keep or untag"),
                Arguments.of("emptyFile", "", "bad.yml:1: the policy is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void badPolicyIsRejectedNamingFileLineAndRule(String name, String yaml, String message) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyParser.parse("bad.yml", yaml));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals("bad.yml", e.file());
    }

    @Test
    void theSectionsRegistryPrunerOwnsAreAcceptedSoOneFileServesBothServices() {
        ReleasePolicy p = PolicyParser.parse("both.yml", "repository: github.com/acme/shop\nimages: [r.test/shop]\ntags: ['type=sha']\n"
                + "retention:\n  candidates: [sha-*]\n  keepLast: 10\n"
                + "ecrLifecyclePolicy:\n  rules:\n    - rulePriority: 1\n      selection: {tagStatus: untagged, countType: sinceImagePushed, countUnit: days, countNumber: 14}\n"
                + "      action: {type: expire}\n");
        assertEquals("github.com/acme/shop", p.repository().value());
    }

    @Test
    void defaultsFillMetadataVariantAndPlatform() {
        ReleasePolicy p = PolicyParser.parse("p.yml", HEAD);
        assertEquals("shop", p.metadata().title());
        assertEquals("https://github.com/acme/shop", p.metadata().url());
        assertEquals("https://github.com/acme/shop", p.metadata().source());
        assertEquals("main", p.defaultBranch());
        assertEquals(ReleasePolicy.FloatingTags.HISTORY, p.floating());
        assertEquals(ReleasePolicy.VersionLabel.COMMIT, p.versionLabel(), "one digest per commit unless the policy opts out");
        assertEquals(ReleasePolicy.Retraction.KEEP, p.retraction());
        assertEquals("default", p.defaultVariant().name());
        assertEquals("", p.defaultVariant().suffix());
        assertEquals("linux/amd64", p.defaultVariant().platforms().get(0).value());
        assertEquals(4, p.tags().size(), "metadata-action's default tag list");
    }

    @Test
    void versionLabelAndRetractionAreRead() {
        ReleasePolicy p = PolicyParser.parse("p.yml", HEAD + "versionLabel: event\nretraction: untag\n");
        assertEquals(ReleasePolicy.VersionLabel.EVENT, p.versionLabel());
        assertEquals(ReleasePolicy.Retraction.UNTAG, p.retraction());
    }

    @Test
    void digestChangesWithTheText(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yml"), HEAD);
        Path b = Files.writeString(dir.resolve("b.yml"), HEAD + "tags: [type=sha]\n");
        assertNotEquals(PolicyParser.parse(a).digest(), PolicyParser.parse(b).digest());
        assertEquals(PolicyParser.parse(a).digest(), PolicyParser.parse("x", HEAD).digest());
    }

    @Test
    void variantsDefaultToSuffixDashName() {
        ReleasePolicy p = PolicyParser.parse("p.yml", HEAD + "variants:\n  - name: base\n  - name: full\n  - name: slim\n    suffix: -small\n");
        assertEquals(List.of("", "-full", "-small"), p.variants().stream().map(VariantSpec::suffix).toList());
    }

    @Test
    void retentionAndEcrErrorsArePlacedOnTheirLine() {
        String head = HEAD + "tags: ['type=sha']\n";
        InvalidPolicyException retention = assertThrows(InvalidPolicyException.class, () -> PolicyParser.parseFile("p.yml",
                head + "retention:\n  candidates: [sha-*]\n  rules:\n    - keep: {tags: [v*]}\n    - delete: {tags: [sha-*], olderThan: soon}\n"));
        assertEquals("p.yml:8: retention.rules[1].olderThan: 'soon' is not a duration (use 30d, 2w, 12h, 90m, 45s or ISO-8601 like P30D)",
                retention.getMessage());
        InvalidPolicyException ecr = assertThrows(InvalidPolicyException.class, () -> PolicyParser.parseEcr("ecr.json",
                "{\"rules\": [\n {\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\",\n"
                        + "  \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}]}\n"));
        assertEquals("ecr.json:2: rules[0].selection: rule 1: sinceImagePushed needs countUnit \"days\", got null", ecr.getMessage());
    }

    @Test
    void aFileWithoutRepositoryIsAPruningPolicyOnly() {
        PolicyFile f = PolicyParser.parseFile("prune.yml", "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n");
        assertTrue(f.release().isEmpty());
        assertTrue(f.prunes());
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
                () -> PolicyParser.parse("prune.yml", "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n"));
        assertEquals("prune.yml:1: repository: is required", e.getMessage());
    }
}
