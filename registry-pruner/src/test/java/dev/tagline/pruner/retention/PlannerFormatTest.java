package dev.tagline.pruner.retention;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.policy.retention.RetentionPolicy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.tagline.pruner.retention.Snap.CLOCK;
import static dev.tagline.pruner.retention.Snap.outcome;
import static dev.tagline.pruner.retention.Snap.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tag-planner's release policy carries a retention section in its own format (tag-planner/README.md):
 * "a tag is kept when any rule keeps it; everything else may be pruned". The pruner reads it as is.
 */
class PlannerFormatTest {
    static final String POLICY = """
            repository: github.com/acme/web
            images: [registry.acme.dev/acme/web]
            tags: [type=sha]
            retention:
              keepLast:
                - pattern: ^sha-
                  count: 3
              keepYoungerThan: 7d
              keepReleases: %s
              protect: [^stable$]
              protectDigests: []
            """;

    private static RetentionPolicy policy(boolean keepReleases) {
        return RetentionPolicyParser.parse(POLICY.formatted(keepReleases), "web.yaml");
    }

    @Test
    void readsThePlannersRetentionSection() {
        RetentionPolicy p = policy(true);
        assertEquals(1, p.keepLastPerPattern().size());
        assertEquals(3, p.keepLastPerPattern().get(0).count());
        assertEquals(Optional.of(Duration.ofDays(7)), p.keepWithin());
        assertTrue(p.candidatePatternFor("main").isPresent(), "every tag is a candidate unless a rule keeps it");
        assertTrue(p.keepPatternFor("stable").isPresent());
        assertTrue(p.keepPatternFor("1.2.3").isPresent() && p.keepPatternFor("latest-full").isPresent() && p.keepPatternFor("v2.0.0-rc.1").isPresent());
        assertTrue(p.keepPatternFor("sha-1a2b3c4").isEmpty());
    }

    @ParameterizedTest(name = "keepReleases={0}: {1} -> {2}")
    @CsvSource({
            // sha-new was pushed 1d ago, sha-1..sha-8 99d..92d ago: the newest three sha images are sha-new, sha-8, sha-7
            "true,  sha-8,   KEPT keep-last:3:/^sha-/",
            "true,  sha-new, KEPT keep-last:3:/^sha-/",
            "true,  sha-6,   DELETED keep-last:3:/^sha-/,keep-within:7d",
            "true,  main,    DELETED keep-last:3:/^sha-/,keep-within:7d",
            "true,  stable,  KEPT keep-pattern:/^stable$/",
            "true,  1.2.3,   KEPT keep-pattern:/^v?",
            "false, 1.2.3,   DELETED keep-last:3:/^sha-/,keep-within:7d",
    })
    void aTagIsKeptWhenAnyRuleKeepsItEverythingElseMayBePruned(boolean keepReleases, String tag, String expectedPrefix) {
        Snap s = snap().pushed("new", "1d", "sha-new");
        for (int i = 1; i <= 8; i++) {
            s.pushed("ci" + i, (100 - i) + "d", "sha-" + i);
        }
        s.pushed("branch", "50d", "main").pushed("rel", "60d", "1.2.3").pushed("chan", "60d", "stable");
        RetentionPlan plan = RetentionPlanner.decide(s.build(), policy(keepReleases), DeploymentInventory.NONE, CLOCK);
        String actual = outcome(plan, tag);
        assertTrue(actual.startsWith(expectedPrefix), actual);
    }

    @Test
    void aBadRegexNamesTheField() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> RetentionPolicyParser.parse("""
                retention:
                  keepLast:
                    - pattern: "^sha-("
                      count: 2
                """, "web.yaml"));
        assertTrue(e.getMessage().startsWith("web.yaml:3: retention.keepLast[0].pattern: "), e.getMessage());
    }
}
