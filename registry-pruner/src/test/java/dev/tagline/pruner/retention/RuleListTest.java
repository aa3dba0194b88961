package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.policy.retention.RetentionPolicy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.tagline.pruner.retention.Snap.CLOCK;
import static dev.tagline.pruner.retention.Snap.outcomes;
import static dev.tagline.pruner.retention.Snap.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rule list (Harbor / Artifact Registry style): selectors by glob, regex or untagged, conditions by
 * age and count, per rule; keep beats delete. One repository, many policies, every decision.
 */
class RuleListTest {
    /**
     * r1..r3: release-1.0 .. release-3.0 pushed 300d, 200d, 100d ago; s1..s3: sha-* pushed 40d, 20d, 2d ago;
     * u: untagged, 60d. The grace period is 1d, so it protects none of them.
     */
    private static Snap repository() {
        return snap().pushed("r1", "300d", "release-1.0").pushed("r2", "200d", "release-2.0").pushed("r3", "100d", "release-3.0")
                .pushed("s1", "40d", "sha-1").pushed("s2", "20d", "sha-2").pushed("s3", "2d", "sha-3")
                .image("u", "60d");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "delete sha-* older than 30d | rules: [{delete: {tags: ['sha-*'], olderThan: 30d}}]"
                    + " | @r1=KEPT @r2=KEPT @r3=KEPT @s1=DELETED @s2=KEPT @s3=KEPT @u=KEPT release-1.0=KEPT release-2.0=KEPT release-3.0=KEPT sha-1=DELETED sha-2=KEPT sha-3=KEPT",
            "keep the last 2 releases, delete the others | rules: [{keep: {tags: ['release-*'], last: 2}}, {delete: {tags: ['release-*']}}]"
                    + " | @r1=DELETED @r2=KEPT @r3=KEPT @s1=KEPT @s2=KEPT @s3=KEPT @u=KEPT release-1.0=DELETED release-2.0=KEPT release-3.0=KEPT sha-1=KEPT sha-2=KEPT sha-3=KEPT",
            "keep beats delete (regex selector) | rules: [{delete: {regex: ['^sha-']}}, {keep: {regex: ['^sha-[12]$'], newerThan: 30d}}]"
                    + " | @r1=KEPT @r2=KEPT @r3=KEPT @s1=DELETED @s2=KEPT @s3=DELETED @u=KEPT release-1.0=KEPT release-2.0=KEPT release-3.0=KEPT sha-1=DELETED sha-2=KEPT sha-3=DELETED",
            "delete all but the 1 newest sha | rules: [{delete: {tags: ['sha-*'], last: 1}}]"
                    + " | @r1=KEPT @r2=KEPT @r3=KEPT @s1=DELETED @s2=DELETED @s3=KEPT @u=KEPT release-1.0=KEPT release-2.0=KEPT release-3.0=KEPT sha-1=DELETED sha-2=DELETED sha-3=KEPT",
            "untagged older than 30d | rules: [{delete: {untagged: true, olderThan: 30d}}]"
                    + " | @r1=KEPT @r2=KEPT @r3=KEPT @s1=KEPT @s2=KEPT @s3=KEPT @u=DELETED release-1.0=KEPT release-2.0=KEPT release-3.0=KEPT sha-1=KEPT sha-2=KEPT sha-3=KEPT",
            "action form, protected tag | rules: [{action: delete, tags: ['*']}] ;; protectedTags: [release-1.0]"
                    + " | @r1=KEPT @r2=DELETED @r3=DELETED @s1=DELETED @s2=DELETED @s3=DELETED @u=KEPT release-1.0=KEPT release-2.0=DELETED release-3.0=DELETED sha-1=DELETED sha-2=DELETED sha-3=DELETED",
    })
    void rulesDecide(String name, String rules, String expected) {
        RetentionPolicy policy = RetentionPolicyParser.parse("gracePeriod: 1d\n" + rules.replace(" ;; ", "\n"), name);
        RetentionPlan plan = RetentionPlanner.decide(repository().build(), policy, DeploymentInventory.NONE, CLOCK);
        assertEquals(expected, outcomes(plan), name);
    }

    @ParameterizedTest(name = "countBy {0}: keep the last 2 -> {1}")
    @CsvSource(delimiter = '|', value = {
            // a carries two tags (1d, 2d), b one (3d), c one (4d): by images a and b stay; by tags only a (its two tags are the two newest)
            "images | @a=KEPT @b=KEPT @c=DELETED",
            "tags   | @a=KEPT @b=DELETED @c=DELETED",
    })
    void tagLevelCountingIsAnOption(String countBy, String expected) {
        Snap s = snap().image("a", "1d").tag("ci-a1", "a", "1d").tag("ci-a2", "a", "2d").pushed("b", "3d", "ci-b").pushed("c", "4d", "ci-c");
        RetentionPolicy policy = RetentionPolicyParser.parse("""
                gracePeriod: 0s
                rules:
                  - keep: {tags: ["ci-*"], last: 2, countBy: %s}
                  - delete: {tags: ["ci-*"]}
                """.formatted(countBy), "count-by");
        String digests = outcomes(RetentionPlanner.decide(s.build(), policy, DeploymentInventory.NONE, CLOCK)).replaceAll("ci-\\S+ ?", "").trim();
        assertEquals(expected, digests);
    }

    @org.junit.jupiter.api.Test
    void theReadmesRuleListExampleParses() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int start = readme.indexOf("```yaml\nretention:\n  gracePeriod: 1h\n  protectedTags: [prod]\n  rules:");
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
        RetentionPolicy policy = RetentionPolicyParser.parse(yaml, "README.md");
        assertEquals(9, policy.rules().size());
        assertEquals("delete-rule:9", policy.rules().get(8).id());
        assertEquals(java.time.Duration.ofDays(90), policy.rules().get(6).newerThan());
        assertEquals(true, policy.rules().get(2).countTags());
        assertEquals(true, policy.rules().get(1).selects("v1.2") && !policy.rules().get(1).selects("v1.2.3"));
    }
}
