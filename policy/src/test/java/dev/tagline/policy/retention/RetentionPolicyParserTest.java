package dev.tagline.policy.retention;

import dev.tagline.policy.InvalidPolicyException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionPolicyParserTest {

    @Test
    void readsTheRetentionSectionOfAReleasePolicy() {
        RetentionPolicy p = RetentionPolicyParser.parse("""
                images: [127.0.0.1:5000/acme/shop]
                tags:
                  - type=sha
                retention:
                  candidates: ["sha-*", "pr-*"]
                  keep: ["v*"]
                  protected:
                    tags: [latest, stable]
                    digests: ["sha256:%s"]
                  keep-last: 10
                  keep_within: 30d
                  countMode: beyond-window
                  gracePeriod: 2h
                  untagged: true
                """.formatted("a".repeat(64)), "shop.yaml");
        assertEquals(2, p.candidates().size());
        assertEquals(Optional.of(10), p.keepLast());
        assertEquals(Optional.of(Duration.ofDays(30)), p.keepWithin());
        assertEquals(RetentionPolicy.CountMode.BEYOND_WINDOW, p.countMode());
        assertEquals(Duration.ofHours(2), p.gracePeriod());
        assertEquals(2, p.protectedTags().size());
        assertEquals(1, p.protectedDigests().size());
        assertTrue(p.untagged());
    }

    @Test
    void readsABareJsonPolicyWithDefaults() {
        RetentionPolicy p = RetentionPolicyParser.parse("{\"candidates\": \"sha-*\", \"keepWithin\": \"P7D\"}", "p.json");
        assertEquals(Optional.empty(), p.keepLast());
        assertEquals(Optional.of(Duration.ofDays(7)), p.keepWithin());
        assertEquals(RetentionPolicy.DEFAULT_GRACE, p.gracePeriod());
        assertEquals(RetentionPolicy.CountMode.ALL, p.countMode());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "candidates: [sha-*]\\nkeepLast: many | p.yaml:2: keepLast: must be a whole number",
            "candidates: [sha-*]\\nkeepWithin: soon | p.yaml:2: keepWithin: 'soon' is not a duration",
            "candidates: [sha-*]\\nkeepWithin: P1M | uses years or months",
            "candidates: [sha-*]\\nkeepLst: 3 | unknown key(s) [keeplst]",
            "keepLast: 3 | p.yaml:1: candidates: must list at least one tag pattern",
            "candidates: [sha-*]\\nprotectedDigests: [sha256:abc] | p.yaml:2: protectedDigests",
            "candidates: [sha-*]\\ncountMode: sometimes | p.yaml:2: countMode: must be all",
            "retention:\\n  candidates: [sha-*]\\n  bogus: 1 | p.yaml:2: retention: unknown key(s) [bogus]",
            "candidates: [sha-*\\n | p.yaml:2: not valid YAML",
    })
    void badPoliciesNameTheFileAndTheField(String yaml, String message) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> RetentionPolicyParser.parse(yaml.replace("\\n", "\n"), "p.yaml"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "glob {0} vs {1}: {2}")
    @CsvSource({
            "sha-*,   sha-1a2b3c4, true",
            "sha-*,   sha-,        true",
            "sha-*,   xsha-1,      false",
            "sha-*,   SHA-1,       false",
            "pr-?,    pr-7,        true",
            "pr-?,    pr-17,       false",
            "*-rc.*,  2.0.0-rc.1,  true",
            "1.2.3,   1.2.3,       true",
            "1.2.3,   1x2y3,       false",
            "v*.*,    v1.2,        true",
    })
    void globsAreAnchoredAndCaseSensitive(String glob, String tag, boolean matches) {
        assertEquals(matches, Glob.parse(glob).matches(tag));
    }

    @ParameterizedTest(name = "{0} = {1}s")
    @CsvSource({"30d, 2592000", "2w, 1209600", "12h, 43200", "90m, 5400", "45s, 45", "P30D, 2592000", "PT1H, 3600", "P2W, 1209600"})
    void durationsReadTheWaysPeopleWriteThem(String text, long seconds) {
        assertEquals(seconds, Durations.parse("f", text).getSeconds());
    }
}
