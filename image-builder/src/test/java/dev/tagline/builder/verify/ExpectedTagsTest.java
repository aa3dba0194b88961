package dev.tagline.builder.verify;

import dev.tagline.builder.verify.ExpectedTags.Expectation;
import dev.tagline.builder.verify.ExpectedTags.Stamped;
import dev.tagline.builder.verify.ExpectedTags.Verdict;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedTagsTest {
    private static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    private static final ImageRepository IMAGE = ImageRepository.parse("127.0.0.1:5000/acme/app");
    private static final Digest ONE = Digest.of("one");
    private static final Digest TWO = Digest.of("two");

    private static TagPlan planOf(String event, String... tags) {
        return plan(event, "file:///x.git", SHA, Instant.parse("2026-07-01T00:00:00Z"), false, variant("base", IMAGE.toString(), tags(tags),
                List.of("linux/amd64"), appRecipe(), Map.of(), Map.of()));
    }

    private static BuildResult built(TagPlan p, BuildStatus status, Digest digest) {
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(p.planId(), "base"), p.planId(), p.eventId(),
                RepositoryId.of("example.com/acme/app"), CommitSha.parse(SHA), "base", status, status == BuildStatus.SUCCEEDED ? digest : null,
                status == BuildStatus.SUCCEEDED ? "application/vnd.oci.image.manifest.v1+json" : null, List.of(),
                List.of(new PushedTags(IMAGE, p.variants().get(0).tags())), List.of(), 0, 0,
                status == BuildStatus.SUCCEEDED ? null : "boom", null, Instant.EPOCH, Instant.EPOCH);
    }

    private static PruneAudit deleted(String tag, Digest digest, boolean dryRun) {
        return new PruneAudit(TaglineEvent.CURRENT_SCHEMA_VERSION, "audit-" + tag + dryRun, "run-1", null, IMAGE, ImageTag.parse(tag), digest,
                PruneDecision.DELETED, "keep-last:1", "older", dryRun, digest, false, null, Instant.EPOCH);
    }

    private static Expectation of(List<Expectation> all, String tag) {
        return all.stream().filter(x -> x.tag().value().equals(tag)).findFirst().orElseThrow();
    }

    @Test
    void theLastPlanListingATagDecidesItsDigest() {
        TagPlan first = planOf("e1", "1.0.0", "latest");
        TagPlan second = planOf("e2", "1.1.0", "latest");
        List<Expectation> all = ExpectedTags.expected(List.of(new Stamped<>(first, 1), new Stamped<>(second, 2)),
                List.of(built(first, BuildStatus.SUCCEEDED, ONE), built(second, BuildStatus.SUCCEEDED, TWO)), List.of());

        assertEquals(ONE, of(all, "1.0.0").digest());
        assertEquals(TWO, of(all, "latest").digest());
        assertEquals(Verdict.OK, ExpectedTags.judge(of(all, "latest"), Optional.of(TWO)));
        assertEquals(Verdict.WRONG, ExpectedTags.judge(of(all, "latest"), Optional.of(ONE)));
        assertEquals(Verdict.MISSING, ExpectedTags.judge(of(all, "1.1.0"), Optional.empty()));
    }

    @Test
    void aFailedBuildIsNotBuilt() {
        TagPlan p = planOf("e1", "1.0.0");
        List<Expectation> all = ExpectedTags.expected(List.of(new Stamped<>(p, 1)), List.of(built(p, BuildStatus.FAILED, null)), List.of());
        assertNull(of(all, "1.0.0").digest());
        assertEquals(Verdict.NOT_BUILT, ExpectedTags.judge(of(all, "1.0.0"), Optional.empty()));
        assertFalse(Verdict.NOT_BUILT.ok());
    }

    @Test
    void aTagPrunedAfterItsPlanIsExpectedGoneButADryRunChangesNothing() {
        TagPlan p = planOf("e1", "sha-1111111", "sha-2222222");
        List<Expectation> all = ExpectedTags.expected(List.of(new Stamped<>(p, 10)), List.of(built(p, BuildStatus.SUCCEEDED, ONE)),
                List.of(new Stamped<>(deleted("sha-1111111", ONE, false), 20), new Stamped<>(deleted("sha-2222222", ONE, true), 20)));

        assertTrue(of(all, "sha-1111111").pruned());
        assertEquals(Verdict.PRUNED, ExpectedTags.judge(of(all, "sha-1111111"), Optional.empty()));
        assertFalse(of(all, "sha-2222222").pruned(), "a dry run deletes nothing");
        assertEquals(Verdict.MISSING, ExpectedTags.judge(of(all, "sha-2222222"), Optional.empty()));
    }

    @Test
    void aPlanAfterThePruneWantsTheTagBack() {
        TagPlan p = planOf("e1", "latest");
        TagPlan again = planOf("e2", "latest");
        List<Expectation> all = ExpectedTags.expected(List.of(new Stamped<>(p, 10), new Stamped<>(again, 30)),
                List.of(built(p, BuildStatus.SUCCEEDED, ONE), built(again, BuildStatus.SUCCEEDED, TWO)),
                List.of(new Stamped<>(deleted("latest", ONE, false), 20)));
        assertFalse(of(all, "latest").pruned());
        assertEquals(Verdict.MISSING, ExpectedTags.judge(of(all, "latest"), Optional.empty()));
    }

    @Test
    void aPlanWithAFailedVariantMovesNoFloatingTagSoTheEarlierPlanDecidesIt() {
        TagPlan first = planOf("e1", "1.0.0", "latest");
        TagPlan second = dev.tagline.builder.support.Plans.withVersion(planOf("e2", "1.1.0", "latest"), "1.1.0");
        List<Expectation> all = ExpectedTags.expected(List.of(new Stamped<>(first, 1), new Stamped<>(second, 2)),
                List.of(built(first, BuildStatus.SUCCEEDED, ONE), built(second, BuildStatus.FAILED, null)), List.of());

        assertEquals(ONE, of(all, "latest").digest(), "latest stays on the last plan that moved it");
        assertEquals(first.planId(), of(all, "latest").planId());
        assertEquals(Verdict.NOT_BUILT, ExpectedTags.judge(of(all, "1.1.0"), Optional.empty()), "the version tag is the failed plan's");
    }

    @Test
    void aRetractionsUntagMakesItsTagsExpectedGone() {
        TagPlan release = planOf("e1", "2.0.0", "2.0", "2", "latest");
        dev.tagline.schema.event.VariantPlan v = release.variants().get(0);
        dev.tagline.schema.event.VariantPlan untagOnly = new dev.tagline.schema.event.VariantPlan(v.name(), v.images(), List.of(), v.labels(),
                v.annotations(), v.platforms(), v.recipe(), new dev.tagline.schema.event.TagRemoval(CommitSha.parse(SHA),
                List.of(ImageTag.parse("2.0"), ImageTag.parse("2"), ImageTag.parse("latest"))));
        TagPlan retraction = new TagPlan(release.schemaVersion(), TagPlan.idFor("e2", "policy-1"), "e2", release.repository(),
                release.cloneUrl(), release.ref(), release.commit(), release.commitTime(), null, null, "policy-1", false, List.of(untagOnly));
        List<Expectation> all = ExpectedTags.expected(List.of(new Stamped<>(release, 1), new Stamped<>(retraction, 2)),
                List.of(built(release, BuildStatus.SUCCEEDED, ONE)), List.of());
        assertEquals(List.of("2.0.0"), all.stream().map(x -> x.tag().value()).toList(), "only the exact tag is still expected");
    }
}
