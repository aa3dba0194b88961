package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.TagPattern;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.policy.retention.RetentionPolicy.CountMode;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static dev.tagline.pruner.retention.Snap.CLOCK;
import static dev.tagline.pruner.retention.Snap.d;
import static dev.tagline.pruner.retention.Snap.dur;
import static dev.tagline.pruner.retention.Snap.outcome;
import static dev.tagline.pruner.retention.Snap.snap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionPlannerTest {

    private static RetentionPlan plan(Snap snap, RetentionPolicy policy) {
        return RetentionPlanner.decide(snap.build(), policy, DeploymentInventory.NONE, CLOCK);
    }

    private static RetentionPolicy.Builder shaPolicy() {
        return RetentionPolicy.builder().candidates("sha-*", "pr-*").gracePeriod(dur("1h"));
    }

    @ParameterizedTest(name = "shared digest, tag deletion supported={0}: sha tag {1}, release tag {2}, digest {3}")
    @CsvSource({
            "false, SKIPPED shared-digest,          KEPT not-candidate, KEPT not-candidate",
            "true,  DELETED shared-digest:tag-only, KEPT not-candidate, KEPT not-candidate",
    })
    void sharedDigestReleaseSurvivesItsOldCiTag(boolean tagDeletion, String shaTag, String releaseTag, String digest) {
        Snap s = snap().tagDeletion(tagDeletion).pushed("rel", "90d", "sha-1a2b3c4", "1.2.3");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals(shaTag, outcome(p, "sha-1a2b3c4"));
        assertEquals(releaseTag, outcome(p, "1.2.3"));
        assertEquals(digest, outcome(p, "@rel"));
        assertEquals(List.of(), p.deletedDigests());
        assertEquals(tagDeletion ? List.of(ImageTag.parse("sha-1a2b3c4")) : List.of(), p.tagOnlyDeletions());
        assertTrue(p.decisionFor(ImageTag.parse("sha-1a2b3c4")).reason().contains("1.2.3"), "the reason names the tag that keeps the digest");
    }

    @Test
    void multiArchReleaseKeepsItsUntaggedPlatformManifests() {
        Snap s = snap().index("idx", "60d", "amd64", "arm64").image("amd64", "60d").image("arm64", "60d")
                .tag("1.0.0", "idx", "60d").tag("sha-aaaaaaa", "idx", "60d");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).untagged(true).build());
        assertEquals("KEPT index-child", outcome(p, "@amd64"));
        assertEquals("KEPT index-child", outcome(p, "@arm64"));
        assertEquals("KEPT not-candidate", outcome(p, "@idx"));
        assertEquals(List.of(), p.deletedDigests());
    }

    @Test
    void expiredMultiArchImageGoesIndexFirstThenItsChildren() {
        Snap s = snap().index("idx", "60d", "amd64", "arm64").image("amd64", "60d").image("arm64", "60d")
                .tag("sha-bbbbbbb", "idx", "60d");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals(d("idx"), p.deletedDigests().get(0), "the index is deleted before its children");
        assertEquals(Set.of(d("idx"), d("amd64"), d("arm64")), Set.copyOf(p.deletedDigests()));
        assertEquals("DELETED with-parent", outcome(p, "@amd64"));
        assertEquals("DELETED keep-last:0", outcome(p, "sha-bbbbbbb"));
    }

    @Test
    void childSharedByTwoIndexesSurvivesWhileOneIndexIsKept() {
        Snap s = snap()
                .index("kept", "100d", "shared", "keptOnly").image("shared", "100d").image("keptOnly", "100d")
                .index("old", "100d", "shared", "oldOnly").image("oldOnly", "100d")
                .tag("2.0.0", "kept", "100d").tag("sha-ccccccc", "old", "100d");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals("KEPT index-child", outcome(p, "@shared"));
        assertEquals("DELETED with-parent", outcome(p, "@oldOnly"));
        assertEquals("DELETED keep-last:0", outcome(p, "@old"));
        assertEquals(List.of(d("old"), d("oldOnly")), p.deletedDigests());
        assertTrue(p.decisionFor(d("shared")).reason().contains("referenced by 2 indexes"));
    }

    @Test
    void nestedIndexesAreKeptAllTheWayDown() {
        Snap s = snap().index("top", "10d", "mid").index("mid", "10d", "leaf").image("leaf", "10d").tag("latest", "top", "10d");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).untagged(true).build());
        assertEquals("KEPT index-child", outcome(p, "@mid"));
        assertEquals("KEPT index-child", outcome(p, "@leaf"));
    }

    @ParameterizedTest(name = "subject {0}: referrer {1}, attachment tag {2}")
    @CsvSource({
            "1.0.0,       KEPT referrer,          KEPT attachment",
            "sha-ddddddd, DELETED with-subject,   DELETED attachment",
    })
    void referrersAndAttachmentTagsFollowTheirSubject(String subjectTag, String referrer, String attachment) {
        String sigTag = "sha256-" + d("subj").hex() + ".sig";
        Snap s = snap().pushed("subj", "30d", subjectTag)
                .referrer("sbom", "subj")
                .image("sig", null).tag(sigTag, "sig");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals(referrer, outcome(p, "@sbom"));
        assertEquals(attachment, outcome(p, sigTag));
        if (p.deletedDigests().contains(d("subj"))) {
            assertEquals(d("subj"), p.deletedDigests().get(0), "the subject goes before its referrers");
        }
    }

    @ParameterizedTest(name = "every tag a candidate, subject tagged {0}: {1}")
    @CsvSource({
            "1.0.0,       KEPT",
            "sha-ddddddd, DELETED",
    })
    void attachmentTagsAreNeverCandidatesOfTheirOwnAndTheirTargetsAreTheSubjectsDependents(String subjectTag, String verdict) {
        // candidates "*" (the tag-planner format makes every tag one) also matches "sha256-<hex>.sig": it still follows its subject
        String hex = "sha256-" + d("subj").hex();
        Snap s = snap().pushed("subj", "30d", subjectTag)
                .referrer("sbom", "subj")
                .image("sig", null).tag(hex + ".sig", "sig")
                .index("fallback", null, "sbom").tag(hex, "fallback");
        RetentionPlan p = plan(s, RetentionPolicy.builder().candidates("*").keep("1.*").keepLast(0).gracePeriod(dur("1h")).build());
        assertEquals(verdict + " attachment", outcome(p, hex + ".sig"));
        assertEquals(verdict + " attachment", outcome(p, hex));
        assertTrue(outcome(p, "@sig").startsWith(verdict), outcome(p, "@sig"));
        assertTrue(outcome(p, "@sbom").startsWith(verdict), outcome(p, "@sbom"));
        if (verdict.equals("DELETED")) {
            // what the executor must keep when the subject's delete is skipped at run time
            assertEquals(Set.of(d("sbom"), d("sig"), d("fallback")), p.dependents().get(d("subj")));
        } else {
            assertTrue(p.dependents().isEmpty(), p.dependents().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "candidates sha-*",
            "every tag a candidate and kept by pattern",
            "untagged manifests candidates",
    })
    void orphanedAttachmentsGoWhateverThePolicySaysOfOrdinaryTags(String policyName) {
        // what an interrupted run (or a delete by hand) leaves: the subject "gone" is not in the repository, its
        // .sig/.sbom tags, the referrers fallback index and an untagged referrer are
        String hex = "sha256-" + d("gone").hex();
        Snap s = snap().pushed("live", "1d", "1.0.0")
                .image("sig", null).tag(hex + ".sig", "sig")
                .referrer("sbom", "gone").tag(hex + ".sbom", "sbom")
                .index("fallback", null, "sbom").tag(hex, "fallback")
                .referrer("att", "gone");
        RetentionPolicy policy = switch (policyName) {
            case "candidates sha-*" -> shaPolicy().keepLast(0).build();
            case "every tag a candidate and kept by pattern" -> RetentionPolicy.builder().candidates("*").keep("*").gracePeriod(dur("1h")).build();
            default -> shaPolicy().keepLast(0).untagged(true).build();
        };
        RetentionPlan p = plan(s, policy);
        assertEquals("DELETED orphan-attachment", outcome(p, hex + ".sig"));
        assertEquals("DELETED orphan-attachment", outcome(p, hex + ".sbom"));
        assertEquals("DELETED orphan-attachment", outcome(p, hex));
        assertEquals("DELETED orphan-attachment", outcome(p, "@sig"));
        assertEquals("DELETED orphan-attachment", outcome(p, "@fallback"));
        assertTrue(outcome(p, "@sbom").startsWith("DELETED"), outcome(p, "@sbom"));
        assertEquals("DELETED orphan-referrer", outcome(p, "@att"), "an orphaned referrer is no untagged image of its own");
        assertEquals("KEPT", outcome(p, "1.0.0").split(" ")[0]);
        assertEquals(Set.of(d("sig"), d("sbom"), d("fallback"), d("att")), Set.copyOf(p.deletedDigests()));
    }

    @Test
    void anOrphanedAttachmentTagOnAManifestSomethingKeptReachesStays() {
        // the same manifest bytes under an orphan's tag and as the referrer of a live subject: the live one wins
        String hex = "sha256-" + d("gone").hex();
        Snap s = snap().pushed("live", "1d", "1.0.0").referrer("shared", "live").tag(hex + ".sbom", "shared");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals("KEPT orphan-attachment", outcome(p, hex + ".sbom"));
        assertEquals("KEPT referrer", outcome(p, "@shared"));
        assertEquals(List.of(), p.deletedDigests());
    }

    @Test
    void protectedUntaggedDigestFromTheInventoryIsNeverDeleted() {
        Snap s = snap().index("running", "300d", "runningAmd64").image("runningAmd64", "300d").image("stray", "300d");
        RetentionPlan p = RetentionPlanner.decide(s.build(), shaPolicy().untagged(true).keepLast(0).build(),
                new DeploymentInventory(Set.of(d("running")), "deployments.txt"), CLOCK);
        assertEquals("KEPT inventory", outcome(p, "@running"));
        assertEquals("KEPT index-child", outcome(p, "@runningAmd64"));
        assertEquals("DELETED untagged", outcome(p, "@stray"));
        assertTrue(p.decisionFor(d("running")).reason().contains("deployments.txt"));
    }

    @Test
    void policyProtectedDigestKeepsItsCandidateTags() {
        Snap s = snap().pushed("pinned", "300d", "sha-eeeeeee");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).protectedDigests(d("pinned")).build());
        assertEquals("KEPT protected-digest", outcome(p, "@pinned"));
        assertEquals("SKIPPED shared-digest", outcome(p, "sha-eeeeeee"));
    }

    @Test
    void keepLastCountsImagesNotTags() {
        Snap s = snap();
        for (int i = 1; i <= 5; i++) {
            s.pushed("img" + i, (10 * i) + "d", "sha-" + i + "000000", "sha-" + i + "000000-full", "pr-" + i);
        }
        RetentionPlan p = plan(s, shaPolicy().keepLast(2).build());
        assertEquals(3, p.deletedDigests().size());
        assertEquals(Set.of(d("img3"), d("img4"), d("img5")), Set.copyOf(p.deletedDigests()));
        assertEquals(9, p.deletedTags().size());
        assertEquals(6, p.remainingTags().size());
        assertEquals("KEPT keep-last:2", outcome(p, "sha-2000000-full"));
    }

    @ParameterizedTest(name = "{0}: image pushed 200d ago, tag re-written {1} ago -> {2}")
    @CsvSource({
            "reTagRefreshesAge,     1d,   KEPT keep-within:7d",
            "oldTagStaysOld,        200d, DELETED keep-within:7d",
    })
    void reTagRefreshesAge(String name, String retaggedAgo, String expected) {
        Snap s = snap().image("old", "200d").tag("sha-fffffff", "old", "200d").tag("pr-42", "old", retaggedAgo);
        RetentionPlan p = plan(s, shaPolicy().keepWithin(dur("7d")).build());
        assertEquals(expected, outcome(p, "sha-fffffff"));
    }

    /**
     * ci1 and ci2 are recent CI images (1d, 2d); old is a CI image of 30d whose digest later got a
     * protected or kept tag (prod re-pointed, or a rebuild of an old commit giving the same digest,
     * which also refreshes the digest's own push time). keepLast 2 must keep ci1 and ci2: the
     * re-pointed tag ranks nothing, it only keeps its own digest and feeds the grace period.
     */
    @ParameterizedTest(name = "{0}: sha-ci2 -> {5}, sha-old -> {6}")
    @CsvSource({
            // case,                            other tag, its time, digest time, keepWithin, sha-ci2,              sha-old
            "prod re-pointed 2h ago,            prod,      2h,       30d,         ,           KEPT keep-last:2,     SKIPPED shared-digest",
            "prod re-pointed 10m ago (grace),   prod,      10m,      30d,         ,           KEPT keep-last:2,     KEPT grace-period:1h",
            "stable (keep pattern) re-pointed,  stable,    3h,       30d,         ,           KEPT keep-last:2,     SKIPPED shared-digest",
            "rebuild refreshed the digest time, prod,      2h,       2h,          ,           KEPT keep-last:2,     SKIPPED shared-digest",
            "prod moved away again,             ,          ,         2h,          ,           KEPT keep-last:2,     DELETED keep-last:2",
            "re-pointed with window 7d,            prod,      2h,       2h,          7d,         KEPT keep-last:2,     SKIPPED shared-digest",
            "release tag re-written 1d ago,     1.0.0,     1d,       1d,          ,           KEPT keep-last:2,     SKIPPED shared-digest",
    })
    void aRepointedProtectedTagDoesNotPushARecentCiImageOut(String name, String otherTag, String otherAgo, String digestAgo,
                                                            String within, String ci2, String old) {
        Snap s = snap().pushed("ci1", "1d", "sha-ci1").pushed("ci2", "2d", "sha-ci2")
                .image("old", digestAgo).tag("sha-old", "old", "30d");
        if (otherTag != null) {
            s.tag(otherTag, "old", otherAgo);
        }
        RetentionPolicy.Builder b = RetentionPolicy.builder().candidates("sha-*").keep("stable", "1.*").protectedTags("prod")
                .keepLast(2).gracePeriod(dur("1h"));
        if (within != null) {
            b.keepWithin(dur(within));
        }
        RetentionPlan p = plan(s, b.build());
        assertEquals(ci2, outcome(p, "sha-ci2"), name);
        assertEquals(old, outcome(p, "sha-old"), name);
        assertEquals("KEPT keep-last:2", outcome(p, "sha-ci1"), name);
        assertTrue(p.deletedDigests().stream().noneMatch(x -> x.equals(d("ci1")) || x.equals(d("ci2"))), name);
    }

    @ParameterizedTest(name = "per-pattern keepLast, {0}: sha-ci2 -> {2}")
    @CsvSource({
            "prod re-pointed 2h ago, prod, KEPT keep-last:2:/^sha-/",
            "no other tag,           ,     KEPT keep-last:2:/^sha-/",
    })
    void aRepointedProtectedTagDoesNotShiftAPerPatternWindow(String name, String otherTag, String ci2) {
        Snap s = snap().pushed("ci1", "1d", "sha-ci1").pushed("ci2", "2d", "sha-ci2").pushed("ci3", "3d", "sha-ci3")
                .image("old", "2h").tag("sha-old", "old", "30d");
        if (otherTag != null) {
            s.tag(otherTag, "old", "2h");
        }
        RetentionPolicy policy = RetentionPolicy.builder().candidates("sha-*").protectedTags("prod")
                .keepLastPerPattern(new RetentionPolicy.CountRule(TagPattern.regex("^sha-"), 2)).gracePeriod(dur("1h")).build();
        RetentionPlan p = plan(s, policy);
        assertEquals(ci2, outcome(p, "sha-ci2"), name);
        assertEquals("DELETED keep-last:2:/^sha-/", outcome(p, "sha-ci3"), name);
    }

    @ParameterizedTest(name = "pushed {0} ago with grace {1}: {2}")
    @CsvSource({
            "10m, 1h, KEPT grace-period:1h",
            "59m, 1h, KEPT grace-period:1h",
            "2h,  1h, DELETED keep-last:0",
            "10m, 0s, DELETED keep-last:0",
    })
    void gracePeriodProtectsInFlightPushes(String pushedAgo, String grace, String expected) {
        Snap s = snap().pushed("fresh", pushedAgo, "sha-0a0a0a0");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).gracePeriod(dur(grace)).build());
        assertEquals(expected, outcome(p, "sha-0a0a0a0"));
    }

    @ParameterizedTest(name = "{0}: keepLast={1} within={2} -> kept {3}")
    @CsvSource({
            // five images pushed 1d, 2d, 10d, 20d, 30d ago
            "ALL,           2, 5d,  'i1 i2'",
            "ALL,           3, 5d,  'i1 i2 i3'",
            "BEYOND_WINDOW, 2, 5d,  'i1 i2 i3 i4'",
            "BEYOND_WINDOW, 0, 15d, 'i1 i2 i3'",
            "ALL,           1, 15d, 'i1 i2 i3'",
            "ALL,           4, ,    'i1 i2 i3 i4'",
            "BEYOND_WINDOW, 1, ,    'i1'",
    })
    void keepLastCountsAmongAllOrBeyondTheWindow(CountMode mode, int keepLast, String within, String kept) {
        Snap s = snap().pushed("i1", "1d", "sha-1").pushed("i2", "2d", "sha-2").pushed("i3", "10d", "sha-3")
                .pushed("i4", "20d", "sha-4").pushed("i5", "30d", "sha-5");
        RetentionPolicy.Builder b = shaPolicy().keepLast(keepLast).countMode(mode);
        if (within != null) {
            b.keepWithin(dur(within));
        }
        RetentionPlan p = plan(s, b.build());
        String actual = String.join(" ", p.remainingTags().stream().map(t -> "i" + t.value().substring(4)).toList());
        assertEquals(kept, actual);
    }

    @ParameterizedTest(name = "tag {0} under candidates sha-*, keep sha-keep*, protected stable -> {1}")
    @CsvSource({
            "sha-1234567,   DELETED keep-last:0",
            "sha-keep-1,    KEPT keep-pattern:sha-keep*",
            "stable,        KEPT protected-tag",
            "SHA-1234567,   KEPT not-candidate",
            "xsha-1234567,  KEPT not-candidate",
            "1.2.3,         KEPT not-candidate",
    })
    void onlyCandidatesCanBeRemoved(String tag, String expected) {
        Snap s = snap().pushed("x", "100d", tag);
        RetentionPolicy policy = RetentionPolicy.builder().candidates("sha-*", "stable").keep("sha-keep*")
                .protectedTags("stable").keepLast(0).build();
        assertEquals(expected, outcome(plan(s, policy), tag));
    }

    @ParameterizedTest(name = "untagged={0}: untagged top-level manifest pushed 30d ago -> {1}")
    @CsvSource({
            "false, KEPT untagged-not-candidate",
            "true,  DELETED untagged",
    })
    void untaggedTopLevelManifestsAreCandidatesOnlyWhenAskedFor(boolean untagged, String expected) {
        Snap s = snap().image("orphan", "30d");
        assertEquals(expected, outcome(plan(s, shaPolicy().untagged(untagged).keepLast(5).build()), "@orphan"));
    }

    @Test
    void aTagWhoseManifestCouldNotBeReadStopsThePlan() {
        Snap s = snap().pushed("ok", "1d", "sha-1").tag("sha-2", "unreadable", "1d");
        IncompleteSnapshotException e = assertThrows(IncompleteSnapshotException.class, () -> plan(s, shaPolicy().keepLast(0).build()));
        assertTrue(e.getMessage().contains("sha-2"));
        assertTrue(e.getMessage().contains("nothing will be deleted"));
    }

    @Test
    void aPartialIndexIsToleratedAndReported() {
        Snap s = snap().index("partial", "10d", "present", "missing").image("present", "10d").tag("1.0.0", "partial", "10d");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals("KEPT index-child", outcome(p, "@present"));
        assertTrue(p.warnings().stream().anyMatch(w -> w.contains(d("missing").value()) && w.contains("partial index")), p.warnings().toString());
    }

    @ParameterizedTest(name = "never pushed by tagline, config created {0} ago, keep-within 7d -> {1}")
    @CsvSource({
            "3d,  KEPT keep-within:7d",
            "30d, DELETED keep-within:7d",
    })
    void configCreatedIsTheFallbackAgeAndIsReported(String createdAgo, String expected) {
        Snap s = snap().imageCreated("foreign", createdAgo).tag("sha-9999999", "foreign");
        RetentionPlan p = plan(s, shaPolicy().keepWithin(dur("7d")).build());
        assertEquals(expected, outcome(p, "sha-9999999"));
        assertTrue(p.warnings().stream().anyMatch(w -> w.contains("config created")));
    }

    @Test
    void taglinesPushTimeWinsOverAReproducibleCreatedTime() {
        // created = commit time (old), but tagline pushed it yesterday
        RegistrySnapshot s = new RegistrySnapshot("r", List.of(RegistrySnapshot.Tag.of("sha-7777777", d("repro"), Snap.ago("1d"))),
                List.of(new RegistrySnapshot.Manifest(d("repro"), Snap.OCI_MANIFEST, List.of(), null, Snap.ago("400d"), null)));
        RetentionPlan p = RetentionPlanner.decide(s, shaPolicy().keepWithin(dur("7d")).build(), DeploymentInventory.NONE, CLOCK);
        assertEquals(Verdict.KEPT, p.decisionFor(ImageTag.parse("sha-7777777")).decision());
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void anImageOfUnknownAgeIsKept() {
        Snap s = snap().image("mystery", null).tag("sha-5555555", "mystery");
        assertEquals("KEPT unknown-age", outcome(plan(s, shaPolicy().keepLast(0).build()), "sha-5555555"));
    }

    @Test
    void everyTagAndEveryDigestGetsExactlyOneDecision() {
        Snap s = snap().index("idx", "5d", "c1").image("c1", "5d").pushed("a", "50d", "sha-a", "1.0").tag("sha-idx", "idx", "5d")
                .image("u", "40d");
        RetentionPlan p = plan(s, shaPolicy().keepLast(1).untagged(true).build());
        assertEquals(3, p.tagDecisions().size());
        assertEquals(4, p.digestDecisions().size());
        assertEquals(p.deletedTags().size() + p.remainingTags().size(), 3);
    }

    @Test
    void theSameInputGivesTheSamePlan() {
        Snap s = snap();
        for (int i = 0; i < 50; i++) {
            s.pushed("img" + i, (i + 2) + "h", "sha-" + i, i % 7 == 0 ? "v" + i : "pr-" + i);
        }
        RetentionPolicy policy = shaPolicy().keepLast(10).keepWithin(dur("12h")).build();
        assertEquals(plan(s, policy), plan(s, policy));
    }

    @Test
    void aDigestKeptOnlyAsAnIndexChildStillLosesItsCandidateTagWhereTagsCanBeDeleted() {
        Snap s = snap().tagDeletion(true).index("idx", "90d", "amd").image("amd", "90d").tag("1.0.0", "idx", "90d").tag("sha-amd", "amd", "90d");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals("DELETED shared-digest:tag-only", outcome(p, "sha-amd"));
        assertEquals("KEPT index-child", outcome(p, "@amd"));
        assertEquals(List.<Digest>of(), p.deletedDigests());
    }

    @Test
    void bytesFreedCountOnlyBlobsNoKeptImageUses() {
        Digest base = d("base-layer");
        Digest own1 = d("own-layer-1");
        Digest own2 = d("own-layer-2");
        RegistrySnapshot s = new RegistrySnapshot("r",
                List.of(RegistrySnapshot.Tag.of("1.0.0", d("kept"), Snap.ago("90d")), RegistrySnapshot.Tag.of("sha-1", d("gone1"), Snap.ago("90d")),
                        RegistrySnapshot.Tag.of("sha-2", d("gone2"), Snap.ago("90d"))),
                List.of(new RegistrySnapshot.Manifest(d("kept"), Snap.OCI_MANIFEST, List.of(), null, null, null, java.util.Map.of(base, 1000L)),
                        new RegistrySnapshot.Manifest(d("gone1"), Snap.OCI_MANIFEST, List.of(), null, null, null, java.util.Map.of(base, 1000L, own1, 300L)),
                        new RegistrySnapshot.Manifest(d("gone2"), Snap.OCI_MANIFEST, List.of(), null, null, null, java.util.Map.of(own1, 300L, own2, 50L))));
        RetentionPlan p = RetentionPlanner.decide(s, shaPolicy().keepLast(0).build(), DeploymentInventory.NONE, CLOCK);
        assertEquals(350L, p.bytesFreed(), "the shared base layer stays; a layer two deleted images share counts once");
        assertEquals(300L, p.bytesByDigest().get(d("gone1")));
    }

    @Test
    void bytesAreUnknownWithoutBlobSizes() {
        RetentionPlan p = plan(snap().pushed("x", "90d", "sha-x"), shaPolicy().keepLast(0).build());
        assertEquals(null, p.bytesFreed());
    }

    @Test
    void deletionsComeInWavesParentsAndSubjectsFirst() {
        String sigTag = "sha256-" + d("top").hex() + ".sig";
        Snap s = snap().index("top", "90d", "mid").index("mid", "90d", "leaf").image("leaf", "90d").tag("sha-top", "top", "90d")
                .image("sig", null).tag(sigTag, "sig")
                .pushed("solo", "90d", "sha-solo");
        RetentionPlan p = plan(s, shaPolicy().keepLast(0).build());
        assertEquals(3, p.deletionWaves().size());
        assertEquals(Set.of(d("top"), d("solo")), Set.copyOf(p.deletionWaves().get(0)));
        assertEquals(Set.of(d("mid"), d("sig")), Set.copyOf(p.deletionWaves().get(1)));
        assertEquals(List.of(d("leaf")), p.deletionWaves().get(2));
        assertEquals(p.deletedDigests(), p.deletionWaves().stream().flatMap(List::stream).toList());
    }
}
