package dev.tagline.policy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    /** {@code tagline policy ARGS}, as {@code ./tagline policy} runs it. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = PolicyCommand.run(PolicyCommand.commandLine(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theExamplePoliciesAreValid() {
        Run r = run("check", "../tag-planner/examples");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("ok   ../tag-planner/examples/semver.yml: tag-planner plans github.com/acme/shop"), r.out());
        assertTrue(r.out().contains("registry-pruner prunes [registry.acme.dev/acme/web]"), r.out());
        assertTrue(r.out().endsWith("5 policy file(s), no problems\n"), r.out());
    }

    @Test
    void componentsAreNamed() throws Exception {
        Path mono = Files.writeString(dir.resolve("mono.yml"), "repository: github.com/acme/mono\nimages: [r.acme.dev/mono]\n"
                + "components:\n  - name: app\n  - name: web\n");
        Run r = run("check", mono.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("tag-planner plans github.com/acme/mono (1 variant(s), 4 tag rule(s), components app, web)"), r.out());
    }

    @Test
    void problemsArePrintedAsFileLineSectionProblemWithExitOne() throws Exception {
        Path bad = Files.writeString(dir.resolve("shop.yml"), "repository: github.com/acme/shop\ntags:\n  - type=semver\n");
        Run r = run("check", "--quiet", bad.toString());
        assertEquals(1, r.exit());
        assertEquals(bad + ":3: tag rule 'type=semver': missing pattern attribute\n", r.out());
    }

    @Test
    void aDirectoryIsCheckedAsTheServicesLoadIt() throws Exception {
        Files.writeString(dir.resolve("a.yml"), "repository: github.com/acme/shop\n");
        Files.writeString(dir.resolve("b.yml"), "repository: github.com/acme/shop\n");
        Run r = run("check", "-q", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("b.yml:1: repository: github.com/acme/shop already has a policy in " + dir.resolve("a.yml")), r.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("check").exit());
        Run missing = run("check", dir.resolve("nope.yml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("tagline policy check: no such file or directory: "), missing.err());
        assertEquals(1, missing.err().lines().count(), "a usage error is one line, as in every tagline command: " + missing.err());
        assertEquals(2, run("frobnicate").exit());
        assertEquals(2, run().exit());
    }

    @Test
    void helpExitsZero() {
        Run policy = run("--help");
        assertEquals(0, policy.exit());
        assertTrue(policy.out().contains("check"), policy.out());
        Run check = run("check", "--help");
        assertEquals(0, check.exit());
        assertTrue(check.out().contains("file:line: section: problem"), check.out());
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().matches("tagline \\S+\\R"), "the build's version, as every tagline command prints it: " + version.out());
        assertEquals(0, run("check", "--output", "JSON", dir.toString()).exit(), "enum values are case-insensitive, as elsewhere");
    }

    @Test
    void jsonOutputListsFilesAndProblemsWithTheirPlace() throws Exception {
        Files.writeString(dir.resolve("a.yml"), "repository: github.com/acme/shop\n");
        Files.writeString(dir.resolve("b.yml"), "repository: github.com/acme/api\nfloatingTags: sometimes\n");
        Run r = run("check", "--output", "json", dir.toString());
        assertEquals(1, r.exit());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(2, json.get("files").size());
        assertTrue(json.get("files").get(0).get("valid").asBoolean());
        var problem = json.get("problems").get(0);
        assertEquals(dir.resolve("b.yml").toString(), problem.get("file").asText());
        assertEquals(2, problem.get("line").asInt());
        assertEquals("floatingTags", problem.get("section").asText());
        assertEquals(2, run("check", "--output", "xml", dir.toString()).exit());
    }

    @Test
    void settingsThatForkDigestsAreWarnedAboutWithExitZero() throws Exception {
        Path forks = Files.writeString(dir.resolve("forks.yml"), "repository: github.com/acme/shop\nversionLabel: event\n"
                + "labels:\n  - org.example.ref={{tag}}\n  - org.example.commit={{sha}}\n");
        Run r = run("check", "--quiet", forks.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("warn " + forks + ": versionLabel: event writes the plan's first tag"), r.out());
        assertTrue(r.out().contains("warn " + forks + ": labels 'org.example.ref={{tag}}': [{{tag}}] depends on the event"), r.out());
        assertTrue(!r.out().contains("org.example.commit"), "{{sha}} is the commit's: " + r.out());
    }

    @Test
    void theDefaultPolicyGivesOneDigestPerCommitAndNoWarning() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yml"), "repository: github.com/acme/shop\n");
        Run r = run("check", "--output", "json", plain.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("warnings").size(), r.out());
    }
}
