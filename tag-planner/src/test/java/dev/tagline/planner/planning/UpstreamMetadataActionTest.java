package dev.tagline.planner.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.planner.cli.GithubContext;
import dev.tagline.planner.cli.MetadataOutputs;
import dev.tagline.policy.release.ImageSpec;
import dev.tagline.policy.release.ReleasePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every {@code test.each} row of docker/metadata-action's {@code __tests__/meta.test.ts}, run against its own
 * fixtures ({@code src/test/resources/metadata-action}): the context comes from the fixture's {@code .env} and
 * event payload through {@link GithubContext} (as {@code ./tagline plan --github} reads a workflow step),
 * the inputs become a policy, and version, tags, labels, annotations, the {@code json} output, the bake
 * files and {@code sep-tags} must be upstream's. The tag rows run twice: {@code floatingTags: stateless}
 * and the default {@code history} mode with an empty release history.
 *
 * <p>Upstream's tests pin every clock (the run time and the commit date) to 2020-01-10T00:30:00Z; so do these.
 */
class UpstreamMetadataActionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.time.Instant NOW = java.time.Instant.parse("2020-01-10T00:30:00Z");
    private static final List<String> TAG_GROUPS = List.of("null", "push", "tag", "latest", "pr", "pr-head-sha", "schedule", "release", "raw");

    static Path dir() {
        try {
            return Path.of(UpstreamMetadataActionTest.class.getResource("/metadata-action/meta.test.cases.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> cases() {
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(dir().resolve("meta.test.cases.json").toFile()).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> tagCases() {
        return cases().stream().filter(c -> TAG_GROUPS.contains(c.path("group").asText()))
                .flatMap(c -> Stream.of("stateless", "history").map(mode -> Arguments.of(c.path("group").asText() + "/" + c.path("name").asText(),
                        mode, c)));
    }

    static Stream<Arguments> outputCases() {
        return cases().stream().filter(c -> !TAG_GROUPS.contains(c.path("group").asText()))
                .map(c -> Arguments.of(c.path("group").asText() + "/" + c.path("name").asText(), c));
    }

    /** A fixture's environment, as dotenv reads it, with the event payload's path made absolute. */
    static Map<String, String> env(JsonNode c) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(dir().resolve("fixtures").resolve(c.path("envFile").asText()))) {
                if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                    continue;
                }
                String key = line.substring(0, line.indexOf('=')).trim();
                String value = line.substring(line.indexOf('=') + 1).trim();
                if (key.equals("GITHUB_EVENT_PATH") && !value.isEmpty()) {
                    value = dir().resolve("fixtures").resolve(Path.of(value).getFileName()).toString();
                }
                env.put(key, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (c.path("group").asText().equals("pr-head-sha")) {
            env.put("DOCKER_METADATA_PR_HEAD_SHA", "true");
        }
        return env;
    }

    /** metadata-action's inputs as a policy for repo.json (octocat/Hello-World, default branch master). */
    static ReleasePolicy policy(JsonNode inputs, String mode) {
        return Fixtures.policyWithAnnotations(strings(inputs.path("images")), strings(inputs.path("tags")), strings(inputs.path("flavor")),
                strings(inputs.path("labels")), inputs.has("annotations") ? strings(inputs.path("annotations")) : null, mode);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    record Run(PlanRequest request, ReleasePolicy policy, Decision decision) {
        Map<String, String> annotations() {
            return TagPlanner.annotations(request, policy, decision);
        }

        List<String> images() {
            return policy.images().stream().filter(ImageSpec::enable).map(i -> i.name().toLowerCase(Locale.ROOT)).toList();
        }
    }

    static Run run(JsonNode c, String mode) {
        PlanRequest req = GithubContext.request(env(c), NOW, NOW);
        ReleasePolicy policy = policy(c.path("inputs"), mode);
        return new Run(req, policy, TagPlanner.decide(req, policy, ReleaseHistory.empty()));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("tagCases")
    void sameVersionTagsLabelsAndAnnotationsAsUpstream(String name, String mode, JsonNode c) {
        Run r = run(c, mode);
        String version = c.path("version").path("main").isMissingNode() || c.path("version").path("main").isNull() ? ""
                : c.path("version").path("main").asText();
        assertEquals(version, r.decision().version(), "version");
        assertEquals(strings(c.path("tags")), r.decision().variants().stream().flatMap(v -> v.references().stream()).toList(), "tags");
        assertEquals(strings(c.path("labels")), lines(r.decision().labels()), "labels");
        JsonNode annotations = c.path("annotations").isNull() || c.path("annotations").isMissingNode() ? c.path("labels") : c.path("annotations");
        assertEquals(strings(annotations), lines(r.annotations()), "annotations");
        if (mode.equals("stateless")) {
            RefContext ctx = new RefContext(r.request().ref(), r.request().eventName(),
                    r.request().sha() == null ? null : r.request().sha().value(), NOW, NOW,
                    r.request().defaultBranch() != null ? r.request().defaultBranch() : r.policy().defaultBranch(), r.request().baseRef(),
                    r.policy().shortShaLength());
            MetadataEngine.Computed computed = MetadataEngine.compute(r.policy().tags(), r.policy().flavor(), ctx);
            assertEquals(strings(c.path("version").path("partial")), computed.partial(), "partial");
            assertEquals(c.path("version").path("latest").asBoolean(), computed.latest(), "latest");
        }
    }

    /** The same rows through {@code tagline plan --github --output github}: the outputs a workflow step would get. */
    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("tagCases")
    void sameOutputsThroughTheCommandLine(String name, String mode, JsonNode c, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        JsonNode inputs = c.path("inputs");
        Path policy = Files.writeString(dir.resolve("policy.yml"), Fixtures.policyYaml(strings(inputs.path("images")), strings(inputs.path("tags")),
                strings(inputs.path("flavor")), strings(inputs.path("labels")), inputs.has("annotations") ? strings(inputs.path("annotations")) : null,
                mode));
        Map<String, String> env = new HashMap<>(env(c));
        env.keySet().removeIf(k -> k.equals("GITHUB_OUTPUT") || k.equals("GITHUB_ENV")); // upstream's fixtures name the runner's files
        env.put("RUNNER_TEMP", dir.toString());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        int status = dev.tagline.planner.cli.Cli.run(new String[] {"plan", "--policy", policy.toString(), "--github", "--output", "github",
                        "--now", NOW.toString(), "--commit-time", NOW.toString()}, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), env, () -> "ghadelimiter_" + n.incrementAndGet());
        assertEquals(0, status, err.toString(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> outputs = dev.tagline.planner.cli.CliGithubOutputTestSupport.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode main = c.path("version").path("main");
        assertEquals(main.isMissingNode() || main.isNull() ? "" : main.asText(), outputs.get("version"), "version");
        assertEquals(String.join("\n", strings(c.path("tags"))), outputs.get("tags"), "tags");
        assertEquals(String.join("\n", strings(c.path("labels"))), outputs.get("labels"), "labels");
        JsonNode annotations = c.path("annotations").isNull() || c.path("annotations").isMissingNode() ? c.path("labels") : c.path("annotations");
        assertEquals(String.join("\n", strings(annotations).stream().map(a -> "manifest:" + a).toList()), outputs.get("annotations"), "annotations");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputCases")
    void sameOutputsAndBakeFilesAsUpstream(String name, JsonNode c) throws IOException {
        Run r = run(c, "stateless");
        JsonNode inputs = c.path("inputs");
        // upstream's bakeFile rows ask for the levels index,manifest-descriptor (DOCKER_METADATA_ANNOTATIONS_LEVELS)
        List<String> levels = c.path("group").asText().equals("bakeFile") ? List.of("index", "manifest-descriptor") : List.of("manifest");
        MetadataOutputs.Options o = new MetadataOutputs.Options(inputs.path("sepTags").asText("\n"), "\n", "\n", levels,
                inputs.path("bakeTarget").asText("docker-metadata-action"));
        MetadataOutputs out = MetadataOutputs.of(r.decision(), r.images(), r.annotations(), o);
        switch (c.path("group").asText()) {
            case "json" -> {
                assertEquals(c.path("json"), JSON.readTree(out.outputs().get("json")));
                assertEquals(JSON.writeValueAsString(c.path("json")), out.outputs().get("json"), "as JSON.stringify writes it");
            }
            case "bakeFile" -> {
                assertEquals(c.path("bakeTags"), JSON.readTree(out.bakeFiles().get("tags")), "bake-file-tags");
                assertEquals(c.path("bakeLabels"), JSON.readTree(out.bakeFiles().get("labels")), "bake-file-labels");
                assertEquals(c.path("bakeAnnotations"), JSON.readTree(out.bakeFiles().get("annotations")), "bake-file-annotations");
            }
            case "bakeFileTagsLabels" -> {
                assertEquals(c.path("bake"), JSON.readTree(out.bakeFiles().get("")), "bake-file");
                // byte for byte as JSON.stringify(bake, null, 2) writes it (keys in metadata-action's order)
                assertEquals(stringify(c.path("bake")), out.bakeFiles().get(""));
            }
            case "sepTags" -> assertEquals(c.path("tagsOutput").asText(), out.outputs().get("tags"));
            default -> throw new IllegalStateException(c.path("group").asText());
        }
    }

    @Test
    void everyUpstreamRowIsPorted() {
        assertEquals(131, cases().size());
    }

    /** JSON.stringify(value, null, 2) for objects, arrays and strings. */
    static String stringify(JsonNode node) {
        return stringify(node, "");
    }

    private static String stringify(JsonNode node, String indent) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                return "{}";
            }
            StringBuilder s = new StringBuilder("{\n");
            var fields = node.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                s.append(indent).append("  ").append(new com.fasterxml.jackson.databind.node.TextNode(f.getKey())).append(": ")
                        .append(stringify(f.getValue(), indent + "  ")).append(fields.hasNext() ? ",\n" : "\n");
            }
            return s.append(indent).append('}').toString();
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return "[]";
            }
            StringBuilder s = new StringBuilder("[\n");
            for (int i = 0; i < node.size(); i++) {
                s.append(indent).append("  ").append(stringify(node.get(i), indent + "  ")).append(i + 1 < node.size() ? ",\n" : "\n");
            }
            return s.append(indent).append(']').toString();
        }
        return node.toString();
    }

    static List<String> lines(Map<String, String> map) {
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
