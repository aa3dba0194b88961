package dev.tagline.pruner.cli;

import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.schema.value.Digest;
import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code prune plan}: pure, no registry; the JSON shapes and exit codes users and tests rely on. */
class CliPlanTest {
    @TempDir
    Path dir;

    private static final Digest REL = Digest.of("rel");
    private static final Digest OLD = Digest.of("old");
    private static final Digest AMD = Digest.of("amd");

    private static CliRun cli(String... args) {
        return CliRun.of(Cli::run, args);
    }

    /** {@code prune plan} of the test snapshot (with or without the old image's manifest), every sha tag a candidate, none kept. */
    private CliRun planShaTags(boolean withOldManifest, String... more) throws Exception {
        Path snap = file("snapshot.json", snapshot(withOldManifest));
        Path policy = file("policy.yaml", "candidates: [sha-*]\nkeepLast: 0\n");
        List<String> args = new ArrayList<>(List.of("prune", "plan", "--policy", policy.toString(), "--snapshot", snap.toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private String snapshot(boolean withOldManifest) {
        return """
                {"repository": "127.0.0.1:5000/acme/shop",
                 "tags": [
                   {"tag": "1.0.0", "digest": "%1$s", "pushedAt": "2026-01-01T00:00:00Z"},
                   {"tag": "sha-1111111", "digest": "%1$s", "pushedAt": "2026-01-01T00:00:00Z"},
                   {"tag": "sha-2222222", "digest": "%2$s", "pushedAt": null}
                 ],
                 "manifests": [
                   {"digest": "%1$s", "mediaType": "application/vnd.oci.image.index.v1+json", "children": ["%3$s", "%4$s"], "subject": null, "configCreated": null, "pushedAt": "2026-01-01T00:00:00Z"},
                   {"digest": "%3$s", "mediaType": "application/vnd.oci.image.manifest.v1+json", "children": [], "subject": null, "configCreated": "2025-12-31T00:00:00Z", "pushedAt": null}
                   %5$s
                 ]}
                """.formatted(REL, OLD, AMD, Digest.of("gone"), withOldManifest
                ? ", {\"digest\": \"" + OLD + "\", \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"children\": [], \"subject\": null, \"configCreated\": \"2025-06-01T00:00:00Z\", \"pushedAt\": null}"
                : "");
    }

    @Test
    void planPrintsTheDecisionsInTheDocumentedShape() throws Exception {
        CliRun run = planShaTags(true, "--now", "2026-11-22T12:00:00Z", "--output", "json");

        assertEquals(0, run.exit(), run.err());
        Map<?, ?> json = (Map<?, ?>) RetentionPolicyParser.load(run.out(), "stdout");
        assertEquals(List.of(OLD.value()), json.get("deletedDigests"));
        assertEquals(List.of("sha-2222222"), json.get("deletedTags"));
        assertEquals(List.of("1.0.0", "sha-1111111"), json.get("remainingTags"));
        List<?> decisions = (List<?>) json.get("decisions");
        assertEquals(3 + 3, decisions.size(), "one per tag and one per digest");
        Map<?, ?> first = (Map<?, ?>) decisions.get(0);
        assertEquals(List.of("tag", "digest", "decision", "rule", "reason"), List.copyOf(first.keySet()));
        assertTrue(run.out().contains("partial index"), "the missing child is reported");
        assertTrue(run.out().contains("config created"), "the config-created fallback is reported");
    }

    @Test
    void textIsTheDefaultOutput() throws Exception {
        CliRun run = planShaTags(true, "--now", "2026-11-22T12:00:00Z");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("127.0.0.1:5000/acme/shop: would delete 1 digest(s) and 1 tag(s); 2 tag(s) remain\n"), run.out());
        assertTrue(run.out().contains("  DELETED sha-2222222"), run.out());
    }

    @Test
    void aTagWithoutAManifestEntryMakesPlanRefuseWithExit2() throws Exception {
        CliRun run = planShaTags(false);

        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("sha-2222222") && run.err().contains("nothing will be deleted"), run.err());
    }

    @Test
    void anEcrPolicyReplacesThePolicy() throws Exception {
        Path snap = file("snapshot.json", snapshot(true));
        Path ecr = file("ecr.json", """
                {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPrefixList": ["sha-"],
                  "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}}]}
                """);

        CliRun run = cli("prune", "plan", "--ecr-policy", ecr.toString(), "--snapshot", snap.toString(), "--now", "2026-11-22T12:00:00Z",
                "--output", "json");

        assertEquals(0, run.exit(), run.err());
        Map<?, ?> json = (Map<?, ?>) RetentionPolicyParser.load(run.out(), "stdout");
        // ECR semantics: an image with any tag starting with sha- is selected, release tag or not, and expires with all its tags
        assertEquals(java.util.Set.of(OLD.value(), REL.value(), AMD.value()), java.util.Set.copyOf((List<?>) json.get("deletedDigests")));
        assertEquals(List.of("1.0.0", "sha-1111111", "sha-2222222"), json.get("deletedTags"));
        List<?> digests = (List<?>) json.get("deletedDigests");
        assertTrue(digests.indexOf(REL.value()) < digests.indexOf(AMD.value()), "the index before its child");
        assertTrue(run.out().contains("\"rule\": \"ecr-rule:1\""), run.out());
    }

    @Test
    void theInventoryKeepsWhatIsRunning() throws Exception {
        Path inventory = file("running.txt", "default/shop-7d9 127.0.0.1:5000/acme/shop@" + OLD + "\n");

        CliRun run = planShaTags(true, "--inventory", inventory.toString(), "--output", "json");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\"deletedDigests\": []"), run.out());
        assertTrue(run.out().contains("\"rule\": \"inventory\""), run.out());
    }

    @Test
    void badUsageAndBadPoliciesExitWith2AndSayWhy() throws Exception {
        Path snap = file("snapshot.json", snapshot(true));
        Path bad = file("bad.yaml", "candidates: [sha-*]\nkeepLast: lots\n");
        assertEquals(2, cli("prune").exit());
        CliRun unknown = cli("prune", "frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
        CliRun missing = cli("prune", "plan", "--snapshot", snap.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--policy"), missing.err());
        CliRun both = cli("prune", "plan", "--snapshot", snap.toString(), "--policy", bad.toString(), "--ecr-policy", bad.toString());
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CliRun badPolicy = cli("prune", "plan", "--policy", bad.toString(), "--snapshot", snap.toString());
        assertEquals(2, badPolicy.exit());
        assertTrue(badPolicy.err().contains("bad.yaml") && badPolicy.err().contains("keepLast"), badPolicy.err());
        CliRun badNow = cli("prune", "plan", "--policy", bad.toString(), "--snapshot", snap.toString(), "--now", "yesterday");
        assertEquals(2, badNow.exit());
    }

    @Test
    void aSnapshotOfAHundredThousandTagsIsPlanned() throws Exception {
        // written by the same writer `prune snapshot` uses: about 25 MB, far over SnakeYAML's 3 MiB limit
        List<dev.tagline.pruner.retention.RegistrySnapshot.Tag> tags = new java.util.ArrayList<>();
        List<dev.tagline.pruner.retention.RegistrySnapshot.Manifest> manifests = new java.util.ArrayList<>();
        java.time.Instant newest = java.time.Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            Digest d = Digest.of("image " + i);
            java.time.Instant at = newest.minusSeconds(60L * i);
            tags.add(dev.tagline.pruner.retention.RegistrySnapshot.Tag.of(String.format("sha-%07x", i), d, at));
            manifests.add(new dev.tagline.pruner.retention.RegistrySnapshot.Manifest(d, "application/vnd.oci.image.manifest.v1+json",
                    List.of(), null, null, at));
        }
        String json = dev.tagline.pruner.json.SnapshotJson.write(new dev.tagline.pruner.retention.RegistrySnapshot("127.0.0.1:5000/acme/big", tags, manifests));
        assertTrue(json.length() > 3 * 1024 * 1024, "over the old limit: " + json.length());
        Path snap = file("big.json", json);
        Path policy = file("policy.yml", "candidates: [\"sha-*\"]\nkeepLast: 40000\ngracePeriod: 0s\n");
        CliRun run = cli("prune", "plan", "--policy", policy.toString(), "--snapshot", snap.toString(), "--now", "2026-11-22T12:00:00Z",
                "--output", "json");
        assertEquals(0, run.exit(), run.err());
        Map<?, ?> plan = (Map<?, ?>) dev.tagline.schema.json.JsonText.parse(run.out());
        assertEquals(60_000, ((List<?>) plan.get("deletedDigests")).size());
        assertEquals(40_000, ((List<?>) plan.get("remainingTags")).size());
    }

    @Test
    void aJsonSnapshotWithADuplicateKeyIsRefused() throws Exception {
        Path snap = file("dup.json", "{\"repository\": \"a/b\", \"repository\": \"c/d\", \"tags\": [], \"manifests\": []}");
        Path policy = file("policy.yml", "candidates: [\"sha-*\"]\nkeepLast: 1\n");
        CliRun run = cli("prune", "plan", "--policy", policy.toString(), "--snapshot", snap.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("dup.json") && run.err().contains("repository"), run.err());
    }
}
