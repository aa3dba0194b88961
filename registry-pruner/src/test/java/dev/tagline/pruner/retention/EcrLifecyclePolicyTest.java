package dev.tagline.pruner.retention;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.policy.retention.EcrLifecyclePolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.tagline.pruner.retention.Snap.CLOCK;
import static dev.tagline.pruner.retention.Snap.NOW;
import static dev.tagline.pruner.retention.Snap.ago;
import static dev.tagline.pruner.retention.Snap.outcome;
import static dev.tagline.pruner.retention.Snap.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EcrLifecyclePolicyTest {

    static EcrLifecyclePolicy ecr(String json) {
        return EcrLifecyclePolicy.parse(RetentionPolicyParser.load(json, "test.json"), "test.json");
    }

    static String rule(int priority, String selection) {
        return "{\"rulePriority\": " + priority + ", \"selection\": {" + selection + "}, \"action\": {\"type\": \"expire\"}}";
    }

    static String policy(String... rules) {
        return "{\"rules\": [" + String.join(",", rules) + "]}";
    }

    private static Set<String> expired(EcrLifecyclePolicy p, List<EcrEvaluation.Image> images) {
        Set<String> out = new TreeSet<>();
        EcrEvaluation.evaluate(p, images, NOW).forEach((id, v) -> {
            if (v.expired()) {
                out.add(id);
            }
        });
        return out;
    }

    static EcrEvaluation.Image img(String id, String ago, String... tags) {
        return new EcrEvaluation.Image(id, Set.of(tags), ago(ago));
    }

    @Test
    void anImageSelectedByAHigherPriorityRuleCannotBeExpiredByALowerOne() {
        EcrLifecyclePolicy p = ecr(policy(
                rule(1, "\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"v\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 9999"),
                rule(2, "\"tagStatus\": \"any\", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 30")));
        List<EcrEvaluation.Image> images = List.of(img("release", "400d", "v1.0.0"), img("ci", "400d", "sha-1"), img("fresh", "2d", "sha-2"));
        assertEquals(Set.of("ci"), expired(p, images));
        assertEquals("ecr-rule:1", EcrEvaluation.evaluate(p, images, NOW).get("release").rule().id());
    }

    @Test
    void lowerPriorityRulesStillCountImagesClaimedAbove() {
        // rule 2 keeps the 2 newest of ALL images; the newest is a release claimed by rule 1, so only one CI image survives
        EcrLifecyclePolicy p = ecr(policy(
                rule(1, "\"tagStatus\": \"tagged\", \"tagPatternList\": [\"v*\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 100"),
                rule(2, "\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 2")));
        List<EcrEvaluation.Image> images = List.of(img("rel", "1d", "v2"), img("c1", "2d", "sha-1"), img("c2", "3d", "sha-2"), img("c3", "4d", "sha-3"));
        assertEquals(Set.of("c2", "c3"), expired(p, images));
    }

    @ParameterizedTest(name = "{0} selects image tagged {1}: {2}")
    @CsvSource({
            "'\"tagPrefixList\": [\"prod\"]',               'prod1',          true",
            "'\"tagPrefixList\": [\"prod\"]',               'xprod',          false",
            "'\"tagPrefixList\": [\"prod\", \"v\"]',        'prod1',          false",
            "'\"tagPrefixList\": [\"prod\", \"v\"]',        'prod1 v1',       true",
            "'\"tagPatternList\": [\"prod*\"]',             'prod',           true",
            "'\"tagPatternList\": [\"*test*1\"]',           'mytest-21',      true",
            "'\"tagPatternList\": [\"*test*1\"]',           'mytest-12',      false",
            "'\"tagPatternList\": [\"v?\"]',                'v1',             false",
            "'\"tagPatternList\": [\"Prod*\"]',             'prod1',          false",
    })
    void taggedSelectionNeedsEveryPrefixOrPatternOnSomeTag(String list, String tags, boolean selected) {
        EcrLifecyclePolicy p = ecr(policy(rule(1, "\"tagStatus\": \"tagged\", " + list + ", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1")));
        assertEquals(selected, p.rules().get(0).selects(Set.of(tags.split(" "))));
    }

    @Test
    void untaggedRuleOnlySeesUntaggedImages() {
        EcrLifecyclePolicy p = ecr(policy(rule(1, "\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 1")));
        assertEquals(Set.of("u"), expired(p, List.of(img("u", "3d"), img("t", "3d", "x"))));
    }

    @Test
    void imageCountMoreThanKeepsTheNewestByPushTime() {
        EcrLifecyclePolicy p = ecr(policy(rule(1, "\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"sha-\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 2")));
        assertEquals(Set.of("c", "d"), expired(p, List.of(img("a", "1d", "sha-a"), img("b", "2d", "sha-b"), img("c", "3d", "sha-c"), img("d", "4d", "sha-d"))));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"tagged\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}]} | tagStatus tagged needs a tagPrefixList or a tagPatternList",
            "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}, {\"rulePriority\": 2, \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}]} | rule 1: a tagStatus any rule must have the highest rulePriority",
            "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}]} | sinceImagePushed needs countUnit",
            "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"archive\"}}]} | action.type must be",
            "{\"rules\": [{\"rulePriority\": 3, \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}, {\"rulePriority\": 3, \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}]} | rule 3: rulePriority must be unique",
            "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"tagged\", \"tagPatternList\": [\"a*b*c*d*e*f\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 1}, \"action\": {\"type\": \"expire\"}}]} | more than four wildcards",
    })
    void invalidPoliciesAreRejectedNamingTheRule(String json, String message) {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> ecr(json));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("test.json"), e.getMessage());
    }

    @Test
    void plannerKeepsTheChildrenAndInventoryOfEcrKeptImagesAndDeletesExpiredOnes() {
        EcrLifecyclePolicy p = ecr(policy(
                rule(1, "\"tagStatus\": \"tagged\", \"tagPrefixList\": [\"v\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 100"),
                rule(2, "\"tagStatus\": \"any\", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 30")));
        Snap s = snap().index("rel", "100d", "relAmd").image("relAmd", "100d").tag("v1.0.0", "rel", "100d")
                .index("old", "100d", "oldAmd").image("oldAmd", "100d").tag("sha-old", "old", "100d")
                .pushed("running", "100d", "sha-running");
        RetentionPlan plan = RetentionPlanner.decide(s.build(), p, new DeploymentInventory(Set.of(Snap.d("running")), "k8s"), CLOCK);
        assertEquals("KEPT ecr-rule:1", outcome(plan, "v1.0.0"));
        assertEquals("KEPT index-child", outcome(plan, "@relAmd"));
        assertEquals("DELETED ecr-rule:2", outcome(plan, "@old"));
        assertEquals("DELETED with-parent", outcome(plan, "@oldAmd"));
        assertEquals("KEPT inventory", outcome(plan, "@running"));
        assertEquals("SKIPPED shared-digest", outcome(plan, "sha-running"));
        assertEquals(List.of(Snap.d("old"), Snap.d("oldAmd")), plan.deletedDigests());
    }

    @Test
    void verdictsCoverEveryImage() {
        EcrLifecyclePolicy p = ecr(policy(rule(1, "\"tagStatus\": \"untagged\", \"countType\": \"imageCountMoreThan\", \"countNumber\": 1")));
        Map<String, EcrEvaluation.Verdict> v = EcrEvaluation.evaluate(p, List.of(img("t", "1d", "x"), img("u", "1d")), NOW);
        assertEquals(2, v.size());
        assertEquals(null, v.get("t").rule());
    }

    /**
     * The README's "age" rule for ECR policies: a rule ranks (imageCountMoreThan) and ages
     * (sinceImagePushed) an image by the push times of the tags it selects it by, not by the newest push
     * over every tag of the digest. Images: a, b, c are CI images pushed 1, 2, 3 days ago; "old" is a CI
     * image pushed 30 days ago onto which {@code prod} was re-pointed an hour ago. Before the fix, "old"
     * ranked as the newest {@code sha-} image and pushed a genuinely recent one (b or c) out.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                                   | rules                                                              | expired (deleted digests)
            "keep the 2 newest sha- images             | tagged:prefix:sha-:count:2                                         | c old",
            "keep the 3 newest sha- images             | tagged:prefix:sha-:count:3                                         | old",
            "the same by tagPatternList                | tagged:pattern:sha-*:count:3                                       | old",
            "sha- images older than 7 days             | tagged:prefix:sha-:days:7                                          | old",
            "a prod rule first claims the old image    | tagged:prefix:prod:count:100, tagged:prefix:sha-:count:3           | ''",
            "a prod rule first, then 2 sha- images     | tagged:prefix:prod:count:100, tagged:prefix:sha-:count:2           | c",
            "any: every tag selects, prod ranks too    | any:-:-:count:3                                                    | c",
            "any older than 7 days: prod is recent     | any:-:-:days:7                                                     | ''",
    })
    void aRuleRanksAndAgesImagesByTheTagsItSelects(String name, String rules, String expired) {
        List<String> json = new java.util.ArrayList<>();
        String[] parts = rules.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] r = parts[i].trim().split(":");
            String select = switch (r[0]) {
                case "any" -> "\"tagStatus\": \"any\"";
                default -> "\"tagStatus\": \"tagged\", \"" + (r[1].equals("prefix") ? "tagPrefixList" : "tagPatternList") + "\": [\"" + r[2] + "\"]";
            };
            String count = r[3].equals("count") ? "\"countType\": \"imageCountMoreThan\", \"countNumber\": " + r[4]
                    : "\"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": " + r[4];
            json.add(rule(i + 1, select + ", " + count));
        }
        Snap s = snap().pushed("a", "1d", "sha-a").pushed("b", "2d", "sha-b").pushed("c", "3d", "sha-c")
                .pushed("old", "30d", "sha-old").tag("prod", "old", "1h");
        RetentionPlan plan = RetentionPlanner.decide(s.build(), ecr(policy(json.toArray(String[]::new))), DeploymentInventory.NONE, CLOCK);
        assertEquals(expired, String.join(" ", plan.deletedDigests().stream().map(Snap::name).sorted().toList()), name + "\n" + Snap.outcomes(plan));
    }
}
