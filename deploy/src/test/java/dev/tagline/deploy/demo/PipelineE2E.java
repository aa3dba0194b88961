package dev.tagline.deploy.demo;

import dev.tagline.testkit.FreePorts;
import dev.tagline.testkit.TestFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline, exactly as a user runs it: {@code deploy/local/up.sh --demo} starts a real
 * KRaft broker and a real registry, the four services as separate processes, and drives a real Git
 * repository through the webhook and the poller paths: pushes to main and dev, release tags, a
 * backport, a prerelease, a release tag on the prerelease's commit (a promotion) and its retraction,
 * the nightly for a given slot, retention. Run twice into an empty registry, it must give the same
 * digests, and exactly one digest per commit and variant (issue 16).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineE2E {
    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final Path home = root.resolve("deploy/target/e2e-home");
    private final Map<String, String> ports = new HashMap<>();
    private Map<String, Map<String, Object>> first;
    private Map<String, Map<String, Object>> second;
    private final Map<String, List<Map<String, Object>>> results = new HashMap<>();

    @BeforeAll
    void runTheDemoTwice() throws Exception {
        for (String name : List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "REGISTRY_PORT", "LISTENER_PORT", "PLANNER_PORT",
                "BUILDER_PORT", "PRUNER_PORT")) {
            ports.put(name, Integer.toString(FreePorts.find()));
        }
        first = demo("first");
        second = demo("second");
    }

    private Map<String, Map<String, Object>> demo(String which) throws IOException, InterruptedException {
        Path log = home.getParent().resolve("e2e-" + which + ".log");
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("deploy/local/up.sh").toString(), "--demo",
                "--home", home.toString()).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(ports);
        Process p = pb.start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the " + which + " demo run did not finish in 8 minutes; see " + log);
        }
        assertEquals(0, p.exitValue(), "the " + which + " demo run failed:\n" + TestFiles.tail(log, 40));
        List<Map<String, Object>> rows = new Yaml().load(Files.readString(home.resolve("demo/tag-table.json")));
        results.put(which, new Yaml().load(Files.readString(home.resolve("demo/build-results.json"))));
        Map<String, Map<String, Object>> byTag = new TreeMap<>();
        rows.forEach(r -> byTag.put((String) r.get("tag"), r));
        return byTag;
    }

    private String digest(String tag) {
        Map<String, Object> row = first.get(tag);
        assertNotNull(row, "no tag " + tag + " in " + first.keySet());
        assertNotNull(row.get("digest"), tag + " is gone from the registry");
        return (String) row.get("digest");
    }

    @Test
    void floatingTagsFollowTheHighestReleaseAndNeverGoBackwards() {
        assertEquals(digest("1.1.0"), digest("latest"), "latest stays on 1.1.0 after the backport 1.0.1");
        assertEquals(digest("1.1.0"), digest("1"));
        assertEquals(digest("1.1.0"), digest("1.1"));
        assertEquals(digest("1.0.1"), digest("1.0"), "1.0 moved forward to the backport");
        assertEquals(digest("1.1.0-slim"), digest("latest-slim"), "each variant has its own latest");
        assertNotEquals(digest("1.1.0"), digest("1.1.0-slim"));
        assertNotEquals(digest("2.0.0-rc.1"), digest("latest"), "a prerelease never takes latest");
        for (String floating : List.of("2", "2.0")) {
            assertTrue(first.get(floating) == null || ((String) first.get(floating).get("writtenBy")).startsWith("refs/tags/v2.0.0 "),
                    "nor its major or minor: " + first.get(floating));
        }
    }

    @Test
    void aFeatCommitOnNextWasReleasedByTaglineAndBuiltAsAPrerelease() {
        Map<String, Object> rc = first.get("1.2.0-rc.1");
        assertNotNull(rc, "tagline released v1.2.0-rc.1 from the feat: commit: " + first.keySet());
        assertTrue(((String) rc.get("writtenBy")).startsWith("refs/tags/v1.2.0-rc.1 CREATED"), rc.toString());
        digest("1.2.0-rc.1-slim");
        assertNotEquals(digest("1.2.0-rc.1"), digest("latest"), "a prerelease never takes latest");
    }

    @Test
    void channelsAndTheNightlyHaveTheirMovingTags() {
        assertTrue(((String) first.get("stable").get("writtenBy")).startsWith("refs/heads/main"));
        assertTrue(((String) first.get("beta").get("writtenBy")).startsWith("refs/heads/dev"));
        assertTrue(((String) first.get("nightly").get("writtenBy")).contains("SCHEDULED via SCHEDULE nightly"));
        digest("nightly-slim");
    }

    @Test
    void eventsCameThroughBothTheWebhookAndThePoller() {
        assertTrue(((String) first.get("1.1.0").get("writtenBy")).contains("via GENERIC"), "v1.1.0 came by webhook");
        assertTrue(((String) first.get("1.0.1").get("writtenBy")).contains("via POLLER"), "v1.0.1 by the poller");
    }

    @Test
    void thePrunerRemovedOnlyOldShaImagesAndKeptEverythingStillUsed() {
        List<String> deleted = first.values().stream().filter(r -> "DELETED".equals(r.get("pruned")))
                .map(r -> (String) r.get("tag")).sorted().collect(Collectors.toList());
        assertTrue(!deleted.isEmpty(), "retention removed something");
        for (String tag : deleted) {
            assertTrue(tag.startsWith("sha-"), "only sha-* tags are candidates, but " + tag + " was deleted");
            assertNull(first.get(tag).get("digest"), tag + " is gone");
        }
        for (Map<String, Object> row : first.values()) {
            String tag = (String) row.get("tag");
            if (!tag.startsWith("sha-") && row.get("removedBy") == null) {
                assertNotNull(row.get("digest"), "non-candidate " + tag + " survives");
            }
            if ("SKIPPED".equals(row.get("pruned"))) {
                assertEquals("shared-digest", row.get("rule"), tag);
                assertNotNull(row.get("digest"), tag + " shares its digest with a kept tag, so it stays");
            }
        }
        long keptSha = first.values().stream().filter(r -> ((String) r.get("tag")).startsWith("sha-")
                && "KEPT".equals(r.get("pruned")) && "keep-last:2".equals(r.get("rule"))).map(r -> r.get("digest")).distinct().count();
        assertEquals(2, keptSha, "keep-last counts images (digests), not tags: the newest two");
    }

    @Test
    void aReleaseTagOnACommitAlreadyBuiltIsAPromotionOfItsShaDigest() {
        List<Map<String, Object>> release = results.get("first").stream()
                .filter(r -> "refs/tags/v2.0.0".equals(r.get("ref")) && "CREATED".equals(r.get("change"))).toList();
        assertEquals(2, release.size(), "one result per variant: " + release);
        for (Map<String, Object> r : release) {
            assertEquals(true, r.get("promoted"), "no rebuild: " + r);
            assertEquals(0, ((Number) r.get("bytesUploaded")).intValue(), "zero blob uploads: " + r);
        }
        assertEquals(digest("2.0.0-rc.1"), digest("2.0.0"), "the release is the image tested as the prerelease");
        String commit = (String) release.get(0).get("commit");
        assertEquals(digest("sha-" + commit.substring(0, 7)), digest("2.0.0"), "and as sha-" + commit.substring(0, 7));
        assertEquals(digest("stable"), digest("2.0.0"), "and as main's stable");
    }

    @Test
    void theRetractionLeavesNoFloatingTagOnTheRetractedImage() {
        for (String floating : List.of("2", "2.0", "2-slim", "2.0-slim")) {
            Map<String, Object> row = first.get(floating);
            assertNotNull(row, floating + " was written by v2.0.0");
            assertNull(row.get("digest"), floating + " is gone from the registry");
            assertTrue(((String) row.get("removedBy")).startsWith("refs/tags/v2.0.0 DELETED"), row.toString());
        }
        assertEquals(digest("1.1.0"), digest("latest"), "latest went back to 1.1.0");
        assertEquals(digest("1.1.0-slim"), digest("latest-slim"));
        assertEquals(digest("2.0.0-rc.1"), digest("2.0.0"), "retraction: keep (the default) leaves the exact tag");
    }

    @Test
    void theNightlyIsDatedByItsSlot() {
        assertEquals(digest("nightly"), digest("nightly-20260301"));
        assertEquals(digest("nightly-slim"), digest("nightly-20260301-slim"));
    }

    @Test
    void everyCommitAndVariantHasExactlyOneDigest() {
        for (String which : List.of("first", "second")) {
            Map<String, java.util.Set<Object>> digests = new TreeMap<>();
            for (Map<String, Object> r : results.get(which)) {
                if (r.get("digest") != null) {
                    digests.computeIfAbsent(r.get("commit") + " " + r.get("variant"), k -> new java.util.TreeSet<>()).add(r.get("digest"));
                }
            }
            assertTrue(digests.size() >= 12, which + ": the story builds many commit/variant pairs: " + digests.keySet());
            digests.forEach((key, set) -> assertEquals(1, set.size(), which + ": " + key + " got " + set));
        }
    }

    @Test
    void aSecondRunIntoAnEmptyRegistryGivesTheSameDigests() {
        assertEquals(first.keySet(), second.keySet());
        Map<String, Object> a = new TreeMap<>();
        Map<String, Object> b = new TreeMap<>();
        first.forEach((tag, row) -> a.put(tag, row.get("digest")));
        second.forEach((tag, row) -> b.put(tag, row.get("digest")));
        assertEquals(a, b);
        Map<String, Object> byCommitA = new TreeMap<>();
        Map<String, Object> byCommitB = new TreeMap<>();
        results.get("first").stream().filter(r -> r.get("digest") != null)
                .forEach(r -> byCommitA.put(r.get("commit") + " " + r.get("variant"), r.get("digest")));
        results.get("second").stream().filter(r -> r.get("digest") != null)
                .forEach(r -> byCommitB.put(r.get("commit") + " " + r.get("variant"), r.get("digest")));
        assertEquals(byCommitA, byCommitB, "the same commits and variants, the same digests");
    }
}
