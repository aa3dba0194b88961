package dev.tagline.planner.cli;

import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainCommandTest {
    private static final String SHA = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";

    static CliRun run(String... args) {
        return CliRun.of(PolicyMain::run, args);
    }

    /** {@code explain examples/semver.yml --ref REF FLAGS...}, which must succeed: what it printed. */
    static String explainedSemver(String ref, String... flags) {
        List<String> args = new ArrayList<>(List.of("explain", "examples/semver.yml", "--ref", ref));
        args.addAll(List.of(flags));
        CliRun r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    @Test
    void aVersionTagGetsItsSemverTagsLatestAndSha() {
        String out = explainedSemver("refs/tags/v1.4.2", "--sha", SHA, "--now", "2026-12-04T10:00:00Z");
        assertTrue(out.contains("version   1.4.2"), out);
        assertTrue(out.contains("tags      [1.4.2, 1.4, 1, sha-1a2b3c4, latest]"), out);
        assertTrue(out.contains("push      registry.acme.dev/acme/shop:1.4.2"), out);
        assertTrue(out.contains("label     org.opencontainers.image.revision=" + SHA), out);
    }

    @Test
    void aBackportDoesNotTakeLatest() {
        String out = explainedSemver("refs/tags/v1.3.9", "--sha", SHA, "--released", "1.4.2");
        assertTrue(out.contains("1.3.9"), out);
        assertFalse(out.contains("latest"), out);
    }

    @Test
    void aRefThePolicyDoesNotBuildSaysWhy() {
        String out = explainedSemver("refs/heads/main");
        assertTrue(out.contains("builds    nothing: "), out);
    }

    @Test
    void aBadPolicyExitsOneWithFileLineSectionProblem(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("shop.yml"), "repository: github.com/acme/shop\ntags:\n  - type=semver\n");
        CliRun r = run("explain", bad.toString(), "--ref", "refs/tags/v1.0.0");
        assertEquals(1, r.exit());
        assertEquals("shop.yml:3: tag rule 'type=semver': missing pattern attribute\n", r.out());
    }

    /** explain takes plan's flags for the event: a history file as plan reads it, and the commit time. */
    @Test
    void aHistoryFileAndTheCommitTimeAreTakenAsPlanTakesThem(@TempDir Path dir) throws Exception {
        Path history = Files.writeString(dir.resolve("history.json"), "[\"1.4.2\"]");
        String out = explainedSemver("refs/tags/v1.3.9", "--sha", SHA, "--history", history.toString(), "--commit-time", "2024-05-01T12:00:00Z");
        assertFalse(out.contains(":latest"), out);
        assertTrue(out.contains("already released: [1.4.2]"), out);
        assertTrue(out.contains("label     org.opencontainers.image.created=2024-05-01T12:00:00.000Z"), out);
    }

    @Test
    void usageErrorsExitTwoAndHelpExitsZero() {
        assertEquals(2, run("explain", "examples/semver.yml").exit(), "--ref is required");
        assertEquals(2, run("explain", "examples/semver.yml", "--ref", "not-a-ref").exit());
        assertEquals(2, run("explain", "examples/nope.yml", "--ref", "refs/tags/v1.0.0").exit());
        CliRun help = run("explain", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--ref"), help.out());
        CliRun version = run("explain", "--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().contains("tagline"), "explain --version prints the build's version: " + version.out());
        CliRun top = run("--help");
        assertEquals(0, top.exit());
        assertTrue(top.out().contains("explain") && top.out().contains("check"), top.out());
        assertEquals(0, run("check", "--help").exit());
        assertEquals(0, run("check", "-q", "examples").exit());
    }

    @Test
    void jsonOutputCarriesTheDecision() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(explainedSemver("refs/tags/v1.4.2", "--sha", SHA, "--output", "json"));
        assertEquals("1.4.2", json.get("version").asText());
        assertTrue(json.get("planned").asBoolean());
        assertEquals("latest", json.get("variants").get(0).get("tags").get(4).asText());
    }
}
