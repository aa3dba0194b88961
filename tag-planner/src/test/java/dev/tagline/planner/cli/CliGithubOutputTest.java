package dev.tagline.planner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.schema.topic.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tagline plan --output github}: docker/metadata-action's outputs written in the {@code $GITHUB_OUTPUT}
 * file-command format (read back here by a parser of the documented syntax: {@code name=value} lines, or
 * {@code name<<DELIMITER}, the value's lines, {@code DELIMITER}), its bake files, the environment variables
 * metadata-action reads, and planning with no ref / no commit.
 */
class CliGithubOutputTest {
    private static final String SHA = "860c1904a1ce19322e91ac35af1ab07466440c37";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int status, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger n = new AtomicInteger();
        Supplier<String> delimiters = () -> "ghadelimiter_test" + n.incrementAndGet();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, delimiters);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The GitHub Actions documentation's syntax for $GITHUB_OUTPUT / $GITHUB_ENV: single-line and multi-line (heredoc) values. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                for (; j < lines.size() && !lines.get(j).equals(delimiter); j++) {
                    value.append(value.length() == 0 && j == i + 1 ? "" : "\n").append(lines.get(j));
                }
                assertTrue(j < lines.size(), "delimiter " + delimiter + " closes " + name);
                out.put(name, value.toString());
                i = j;
            } else {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    @Test
    void writesEveryMetadataActionOutputToGithubOutputWithMultiLineValues(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("github_output");
        Files.writeString(output, "earlier=step\n");
        Result r = run(Map.of("GITHUB_OUTPUT", output.toString(), "RUNNER_TEMP", dir.toString()),
                "plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA,
                "--commit-time", "2024-05-01T12:00:00Z", "--output", "github");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("version 1.4.2\n"), "the step's log gets the text form: " + r.out());
        Map<String, String> outputs = parse(Files.readString(output));
        assertEquals(List.of("earlier", "version", "tags", "tag-names", "labels", "annotations", "json", "bake-file-tags", "bake-file-labels",
                "bake-file-annotations", "bake-file"), List.copyOf(outputs.keySet()), "appended, in metadata-action's order");
        assertEquals("1.4.2", outputs.get("version"));
        assertEquals("""
                registry.acme.dev/acme/shop:1.4.2
                registry.acme.dev/acme/shop:1.4
                registry.acme.dev/acme/shop:1
                registry.acme.dev/acme/shop:sha-860c190
                registry.acme.dev/acme/shop:latest""", outputs.get("tags"));
        assertEquals("1.4.2\n1.4\n1\nsha-860c190\nlatest", outputs.get("tag-names"));
        assertTrue(outputs.get("labels").lines().allMatch(l -> l.startsWith("org.opencontainers.image.")), outputs.get("labels"));
        assertTrue(outputs.get("labels").lines().anyMatch("org.opencontainers.image.version=1.4.2"::equals), outputs.get("labels"));
        assertTrue(outputs.get("annotations").lines().allMatch(l -> l.startsWith("manifest:org.opencontainers.image.")), outputs.get("annotations"));
        var json = JSON.readTree(outputs.get("json"));
        assertEquals("registry.acme.dev/acme/shop:latest", json.path("tags").get(4).asText());
        assertEquals("1.4.2", json.path("labels").path("org.opencontainers.image.version").asText());
        assertEquals(dir.resolve("docker-metadata-action-bake-tags.json").toString(), outputs.get("bake-file-tags"));
        var bakeTags = JSON.readTree(Files.readString(Path.of(outputs.get("bake-file-tags"))));
        assertEquals("registry.acme.dev/acme/shop", bakeTags.path("target").path("docker-metadata-action").path("args").path("DOCKER_META_IMAGES").asText());
        assertEquals("1.4.2", bakeTags.path("target").path("docker-metadata-action").path("args").path("DOCKER_META_VERSION").asText());
        var bake = JSON.readTree(Files.readString(Path.of(outputs.get("bake-file"))));
        assertEquals(5, bake.path("target").path("docker-metadata-action").path("tags").size());
        assertEquals("1.4.2", bake.path("target").path("docker-metadata-action").path("labels").path("org.opencontainers.image.version").asText());
    }

    @Test
    void withoutGithubOutputTheFormatGoesToStdout(@TempDir Path dir) {
        Result r = run(Map.of(), "plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA, "--output", "github",
                "--bake-dir", dir.toString(), "--sep-tags", ",", "--bake-target", "meta");
        assertEquals(0, r.status(), r.err());
        Map<String, String> outputs = parse(r.out());
        assertEquals("registry.acme.dev/acme/shop:1.4.2,registry.acme.dev/acme/shop:1.4,registry.acme.dev/acme/shop:1,"
                + "registry.acme.dev/acme/shop:sha-860c190,registry.acme.dev/acme/shop:latest", outputs.get("tags"));
        assertTrue(outputs.get("bake-file").endsWith("docker-metadata-action-bake.json"), outputs.get("bake-file"));
        assertTrue(r.out().contains("tags<<ghadelimiter_test"), r.out());
    }

    @Test
    void setOutputEnvExportsEachOutputAsDockerMetadataOutputVariables(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("github_env");
        Result r = run(Map.of("GITHUB_OUTPUT", dir.resolve("out").toString(), "GITHUB_ENV", env.toString(), "RUNNER_TEMP", dir.toString()),
                "plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA, "--output", "github");
        assertEquals(0, r.status(), r.err());
        Map<String, String> vars = parse(Files.readString(env));
        assertEquals("1.4.2", vars.get("DOCKER_METADATA_OUTPUT_VERSION"));
        assertTrue(vars.containsKey("DOCKER_METADATA_OUTPUT_BAKE_FILE_TAGS") && vars.containsKey("DOCKER_METADATA_OUTPUT_JSON"), vars.toString());
        assertEquals(5, vars.get("DOCKER_METADATA_OUTPUT_TAGS").lines().count());

        Path off = dir.resolve("github_env_off");
        run(Map.of("GITHUB_OUTPUT", dir.resolve("out2").toString(), "GITHUB_ENV", off.toString(), "DOCKER_METADATA_SET_OUTPUT_ENV", "false",
                "RUNNER_TEMP", dir.toString()), "plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA, "--output", "github");
        assertFalse(Files.exists(off));
    }

    static Stream<Arguments> environment() {
        return Stream.of(
                Arguments.of(Map.of("DOCKER_METADATA_SHORT_SHA_LENGTH", "12"), "tag-names", "1.4.2\n1.4\n1\nsha-860c1904a1ce\nlatest"),
                Arguments.of(Map.of("DOCKER_METADATA_SHORT_SHA_LENGTH", "99"), "tag-names", "1.4.2\n1.4\n1\nsha-" + SHA + "\nlatest"),
                Arguments.of(Map.of("DOCKER_METADATA_ANNOTATIONS_LEVELS", "manifest,index"), "annotations:count", "16"),
                Arguments.of(Map.of(), "annotations:count", "8"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("environment")
    void metadataActionsEnvironmentVariablesApply(Map<String, String> vars, String output, String expected, @TempDir Path dir) {
        Map<String, String> env = new HashMap<>(vars);
        env.put("RUNNER_TEMP", dir.toString());
        Result r = run(env, "plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA, "--output", "github");
        assertEquals(0, r.status(), r.err());
        Map<String, String> outputs = parse(r.out());
        if (output.endsWith(":count")) {
            assertEquals(expected, String.valueOf(outputs.get(output.substring(0, output.indexOf(':'))).lines().count()));
            assertTrue(vars.isEmpty() || outputs.get("annotations").contains("index:org.opencontainers.image.version=1.4.2"));
        } else {
            assertEquals(expected, outputs.get(output));
        }
    }

    @Test
    void aShortShaLengthThatIsNoNumberIsAUsageError() {
        Result r = run(Map.of("DOCKER_METADATA_SHORT_SHA_LENGTH", "twelve"), "plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2",
                "--sha", SHA);
        assertEquals(2, r.status());
        assertTrue(r.err().contains("DOCKER_METADATA_SHORT_SHA_LENGTH is not a valid number: twelve"), r.err());
    }

    static Stream<Arguments> noRefNoSha() {
        return Stream.of(
                // upstream null01/null02: no ref, no commit -> no tags, labels still printed
                Arguments.of(List.of(), "", ""),
                Arguments.of(List.of("--ref", "", "--sha", ""), "", ""),
                // a raw rule needs neither
                Arguments.of(List.of("--tags-policy"), "foo", "foo"),
                // a commit without a ref: type=sha still tags
                Arguments.of(List.of("--sha", SHA, "--tags-policy"), "foo", "foo\nsha-860c190"),
                // a ref without a commit: no sha tag, empty revision
                Arguments.of(List.of("--ref", "refs/heads/main", "--tags-policy"), "main", "main\nfoo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noRefNoSha")
    void theCommandLineCanSayNoRefAndNoSha(List<String> flags, String version, String tagNames, @TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"), flags.contains("--tags-policy")
                ? "repository: github.com/a/b\nimages: [a/b]\ntags:\n  - type=raw,foo\n  - type=sha\n  - type=ref,event=branch\n"
                : "repository: github.com/a/b\nimages: [a/b]\ntags:\n  - type=sha\n  - type=raw,{{branch}}\n");
        List<String> args = new java.util.ArrayList<>(List.of("plan", "--policy", policy.toString(), "--output", "github", "--bake-dir", dir.toString()));
        flags.stream().filter(f -> !f.equals("--tags-policy")).forEach(args::add);
        Result r = run(Map.of(), args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        Map<String, String> outputs = parse(r.out());
        assertEquals(version, outputs.get("version"));
        assertEquals(tagNames, outputs.get("tag-names"));
        assertTrue(outputs.get("labels").lines().anyMatch(("org.opencontainers.image.revision=" + (flags.contains(SHA) ? SHA : ""))::equals),
                outputs.get("labels"));
    }

    @Test
    void anOutputFileThatCannotBeWrittenExitsOne(@TempDir Path dir) {
        Result r = run(Map.of("GITHUB_OUTPUT", dir.resolve("missing/dir/out").toString(), "RUNNER_TEMP", dir.toString()),
                "plan", "--policy", "examples/semver.yml", "--ref", "refs/tags/v1.4.2", "--sha", SHA, "--output", "github");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("tagline plan: GITHUB_OUTPUT: cannot write "), r.err());
    }

    @Test
    void baseRefFlagFeedsTheExpression(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"), "repository: github.com/a/b\nimages: [a/b]\ntags:\n  - type=raw,{{tag}}-{{base_ref}}\n");
        Map<String, String> outputs = parse(run(Map.of(), "plan", "--policy", policy.toString(), "--ref", "refs/tags/v1.1.1", "--sha", SHA,
                "--base-ref", "refs/heads/master", "--output", "github", "--bake-dir", dir.toString()).out());
        assertEquals("v1.1.1-master", outputs.get("version"), "upstream tag20");
    }

    @Test
    void githubReadsTheWorkflowContextAndPullRequestHeadSha(@TempDir Path dir) throws Exception {
        Path payload = dir.resolve("event.json");
        Files.writeString(payload, """
                {"number": 15, "pull_request": {"base": {"ref": "main"}, "head": {"sha": "3370e228f2209994d57af4427fe64e71bb79ac96"}},
                 "repository": {"default_branch": "main"}}""");
        Path policy = Files.writeString(dir.resolve("p.yml"),
                "repository: github.com/a/b\nimages: [a/b]\ntags:\n  - type=ref,event=pr\n  - type=sha\n  - type=raw,base-{{base_ref}}\n");
        Map<String, String> env = Map.of("GITHUB_EVENT_NAME", "pull_request_target", "GITHUB_REF", "refs/heads/main",
                "GITHUB_SHA", "266574110acf203503badf966df2ea24b5d732d7", "GITHUB_EVENT_PATH", payload.toString(),
                "DOCKER_METADATA_PR_HEAD_SHA", "true", "RUNNER_TEMP", dir.toString());
        Map<String, String> outputs = parse(run(env, "plan", "--policy", policy.toString(), "--github", "--output", "github").out());
        assertEquals("pr-15\nbase-main\nsha-3370e22", outputs.get("tag-names"), "pull_request_target plans refs/pull/15/merge at the head commit");
    }

    /** metadata-action's commit date: the push payload's commit (its commits, else head_commit), unless --commit-time says. */
    @Test
    void githubTakesTheCommitTimeFromThePushPayload(@TempDir Path dir) throws Exception {
        Path payload = Files.writeString(dir.resolve("event.json"), """
                {"commits": [{"id": "%s", "timestamp": "2020-01-02T04:04:05+01:00"}],
                 "head_commit": {"id": "%s", "timestamp": "2020-01-02T04:04:05+01:00"}}""".formatted(SHA, SHA));
        Path policy = Files.writeString(dir.resolve("p.yml"),
                "repository: github.com/a/b\nimages: [a/b]\ntags:\n  - type=raw,value={{commit_date 'YYYYMMDD-HHmmss'}}\n");
        Map<String, String> env = Map.of("GITHUB_EVENT_NAME", "push", "GITHUB_REF", "refs/heads/main", "GITHUB_SHA", SHA,
                "GITHUB_EVENT_PATH", payload.toString(), "RUNNER_TEMP", dir.toString());
        Map<String, String> outputs = parse(run(env, "plan", "--policy", policy.toString(), "--github", "--output", "github").out());
        assertEquals("20200102-030405", outputs.get("version"));
        Map<String, String> flagged = parse(run(env, "plan", "--policy", policy.toString(), "--github", "--commit-time", "2021-06-07T08:09:10Z",
                "--output", "github").out());
        assertEquals("20210607-080910", flagged.get("version"), "--commit-time wins over the payload");
    }

    /** In a workflow, the plan for tagline build fetches from the workflow's repository on its server (GitHub Enterprise too). */
    @Test
    void aTagPlanInAWorkflowFetchesFromTheWorkflowsRepository() {
        Map<String, String> env = Map.of("GITHUB_EVENT_NAME", "push", "GITHUB_REF", "refs/tags/v1.4.2", "GITHUB_SHA", SHA,
                "GITHUB_SERVER_URL", "https://github.acme.dev/", "GITHUB_REPOSITORY", "acme/shop");
        Result r = run(env, "plan", "--policy", "examples/semver.yml", "--github", "--commit-time", "2024-05-01T12:00:00Z", "--output", "tag-plan");
        assertEquals(0, r.status(), r.err());
        assertEquals("https://github.acme.dev/acme/shop.git", Topics.TAG_PLANS.decode(r.out().strip().getBytes(StandardCharsets.UTF_8)).cloneUrl());
    }
}
